"""Opening a company template as PMOs have it: ``.pptx``, ``.potx``, ``.pptm``, ``.potm``.

PowerPoint templates (``.potx``) and macro-enabled files declare another content type
for the presentation part, which python-pptx refuses; the package is read in memory, the
presentation's content type switched to a plain presentation's, and the macros dropped
(the deck is always a ``.pptx``). The template's own slides go, and with them its
section list and custom shows, which would point at slides that are no longer there.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from pptx import Presentation
from pptx.opc.packuri import PackURI
from pptx.presentation import Presentation as PresentationType

from pmo_xl.deck.default_template import default_template_path
from pmo_xl.exceptions import InputError

PRESENTATION_TYPE = ("application/vnd.openxmlformats-officedocument.presentationml."
                     "presentation.main+xml")
_OTHER_TYPES = re.compile(
    r'ContentType="application/vnd\.(?:openxmlformats-officedocument\.presentationml\.'
    r'template\.main\+xml|ms-powerpoint\.(?:presentation|template)\.macroEnabled\.main\+xml)"')
_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_SECTIONS = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"


class TemplateError(InputError):
    """The deck template cannot be used (unreadable, or no layout for a role)."""


def _as_presentation(data: bytes) -> bytes:
    """The package with its presentation part typed as a plain presentation's."""
    source = zipfile.ZipFile(io.BytesIO(data))
    types = source.read("[Content_Types].xml").decode("utf-8")
    switched = _OTHER_TYPES.sub(f'ContentType="{PRESENTATION_TYPE}"', types)
    if switched == types:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = switched.encode("utf-8") if item.filename == "[Content_Types].xml" \
                else source.read(item.filename)
            target.writestr(item, body)
    return out.getvalue()


def read_template(path: str | Path) -> PresentationType:
    """The template as a presentation with no slide of its own, whatever its kind."""
    path = Path(path)
    try:
        prs = Presentation(io.BytesIO(_as_presentation(path.read_bytes())))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError(f"cannot open deck template {path}: {exc}",
                            fr=f"impossible d'ouvrir le modèle de support {path} : {exc}"
                            ) from exc
    except Exception as exc:  # python-pptx's own errors for a damaged package
        raise TemplateError(f"cannot open deck template {path}: {type(exc).__name__}: {exc}",
                            fr=f"impossible d'ouvrir le modèle de support {path} : "
                               f"{type(exc).__name__} : {exc}") from exc
    _drop_slides(prs)
    for rel in list(prs.part.rels.values()):
        if rel.reltype == _VBA:  # the deck is a .pptx: no macros
            prs.part.drop_rel(rel.rId)
    return prs


def _drop_slides(prs: PresentationType) -> None:
    slides = prs.slides._sldIdLst
    for sld in list(slides):
        prs.part.drop_rel(sld.rId)
        slides.remove(sld)
    root = prs.part._element
    for ext in root.xpath(f"./p:extLst/p:ext[@uri='{_SECTIONS}']"):
        ext.getparent().remove(ext)  # the template's sections named its own slides
    for shows in root.xpath("./p:custShowLst"):
        root.remove(shows)


def open_template(template: str | Path | None, lang: str) -> PresentationType:
    """The company template (its own slides removed), or pmo-xl's default."""
    prs = read_template(template if template is not None else default_template_path(lang))
    _remember_part_names(prs.part.package)
    return prs


def _remember_part_names(package) -> None:
    """Name new parts (charts, their embedded workbooks) without walking the package.

    python-pptx finds a free part name by walking every part of the package, each time
    a chart is added: quadratic, 22 s for a 520-slide deck. This gives the same names
    (one more than the names taken with that prefix, the highest free one below), from
    the names taken, walked once per prefix and kept up to date.
    """
    taken: dict[str, set[str]] = {}

    def next_partname(tmpl: str) -> PackURI:
        prefix = tmpl[: (tmpl % 42).find("42")]
        names = taken.get(prefix)
        if names is None:
            names = taken[prefix] = {str(p.partname) for p in package.iter_parts()
                                     if p.partname.startswith(prefix)}
        for n in range(len(names) + 1, 0, -1):
            if tmpl % n not in names:
                names.add(tmpl % n)
                return PackURI(tmpl % n)
        raise TemplateError(f"no free part name for {tmpl}")  # cannot happen

    package.next_partname = next_partname
