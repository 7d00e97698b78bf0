"""Which of a template's layouts serves each role of the deck, and why.

Roles: ``title`` (the first slide) and ``content`` (a title, and room under it for
tables and charts). Every layout of every master is a candidate: by the settings'
choice (``[deck.layouts]``), else by name (PowerPoint's in English and French, Google
Slides', numbered copies like "4_Title Only"), else by geometry: the title near the top
and the largest free area below it. A layout showing sample text is never used. Only
the content role is required: without a title layout the content layout serves, with
the deck's title in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.presentation import Presentation as PresentationType
from pptx.slide import SlideLayout

from pmo_xl.deck.geometry import Rect, content_area, has_sample_text, rect_of, title_of
from pmo_xl.deck.template import TemplateError
from pmo_xl.schema.normalize import normalize_label

ROLE_NAMES = {
    "title": ("Title Slide", "Diapositive de titre", "TITLE", "Title", "Titre", "Title Page",
              "Page de titre", "Cover", "Couverture", "Titre de la présentation"),
    "content": ("Title Only", "Titre seul", "TITLE_ONLY", "Title and Content",
                "Titre et contenu", "TITLE_AND_BODY", "Title and Body", "Titre et texte",
                "Content", "Contenu", "Title, Content", "Titre, contenu"),
    "section": ("Section Header", "En-tête de section", "SECTION_HEADER", "Section Title",
                "Titre de section", "Section"),
}
MIN_CONTENT_SHARE = 0.35  # a content layout leaves at least this share of the slide free
_NUMBERED = re.compile(r"^\d+_")  # PowerPoint's copies: "4_Title and Content"


def _name_key(name: str) -> str:
    return normalize_label(_NUMBERED.sub("", name.strip()).replace("_", " "))


_BY_NAME = {role: [_name_key(n) for n in names] for role, names in ROLE_NAMES.items()}


@dataclass(frozen=True)
class Choice:
    """The layout serving a role: which (master number from 1), and why."""

    layout: SlideLayout
    master: int
    how: str  # "settings", "name", "geometry" or "content layout (no title layout)"

    @property
    def name(self) -> str:
        return self.layout.name


@dataclass(frozen=True)
class Layouts:
    title: Choice
    content: Choice
    area: Rect  # where content goes on a content slide

    @property
    def title_drawn(self) -> bool:
        """The title slide is a content slide: its title placeholder takes the deck's
        title, the date goes under it."""
        return self.title.layout is self.content.layout


def all_layouts(prs: PresentationType) -> list[tuple[int, SlideLayout]]:
    return [(i, layout) for i, master in enumerate(prs.slide_masters, start=1)
            for layout in master.slide_layouts]


def listing(prs: PresentationType) -> str:
    """Every layout of every master, for an error a PMO can act on."""
    by_master: dict[int, list[str]] = {}
    for i, layout in all_layouts(prs):
        by_master.setdefault(i, []).append(f"'{layout.name}'")
    return "; ".join(f"master {i}: {', '.join(names)}" for i, names in by_master.items())


def _usable(layout: SlideLayout) -> bool:
    return title_of(layout) is not None and not has_sample_text(layout)


def _content_share(layout: SlideLayout, width: int, height: int) -> float:
    """The share of the slide free under the title, if the title sits near the top."""
    t = rect_of(title_of(layout)) if title_of(layout) is not None else None
    if t is None or t.top > height * 0.3 or t.bottom > height * 0.45:
        return 0.0
    return content_area(layout, width, height).area / (width * height)


_FOOTERS = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)


def _geometry_rank(layout: SlideLayout, width: int, height: int) -> tuple[float, int]:
    """Best first: a title across most of the slide (a deck's titles are long), the
    largest free area, then the fewest placeholders the deck would remove."""
    t = rect_of(title_of(layout))
    wide = t is not None and t.width >= 0.6 * width
    others = sum(1 for ph in layout.placeholders
                 if ph.placeholder_format.type not in (*_FOOTERS, title_of(layout)
                                                       .placeholder_format.type))
    share = _content_share(layout, width, height)
    return (share if wide else share / 2, -others)


def _named(candidates: list[tuple[int, SlideLayout]], role: str
           ) -> list[tuple[int, SlideLayout]]:
    """The candidates named for the role, best first: the role's own names in their
    order, then names ending with one ("Corporate Title Only", "ACME - Title Slide") that
    are not another role's name ("Section Title" is a section's)."""
    keys = _BY_NAME[role]
    others = {k for r, names in _BY_NAME.items() if r != role for k in names}
    ranked = []
    for i, lay in candidates:
        key = _name_key(lay.name)
        if key in keys:
            ranked.append((keys.index(key), i, lay))
        elif key not in others:
            ending = next((n for n, k in enumerate(keys) if key.endswith(" " + k)), None)
            if ending is not None:
                ranked.append((len(keys) + ending, i, lay))
    return [(i, lay) for _, i, lay in sorted(ranked, key=lambda x: x[0])]


def _overridden(prs: PresentationType, wanted: str, role: str) -> Choice:
    """A layout the settings name: "Title Only", or "2/Title Only" for master 2."""
    master, _, name = wanted.rpartition("/")
    for i, layout in all_layouts(prs):
        if _name_key(layout.name) == _name_key(name) and (not master or str(i) == master):
            if title_of(layout) is None:
                raise TemplateError(
                    f"the layout '{wanted}' named for the deck's {role} slides has no title "
                    f"placeholder; layouts: {listing(prs)}",
                    fr=f"la disposition '{wanted}' choisie pour les diapositives « {role} » "
                       f"n'a pas d'espace réservé de titre ; dispositions : {listing(prs)}")
            return Choice(layout, i, "settings")
    raise TemplateError(f"the template has no layout '{wanted}' (deck.layouts.{role} in the "
                        f"settings); layouts: {listing(prs)}",
                        fr=f"le modèle n'a pas de disposition '{wanted}' (deck.layouts.{role} "
                           f"des paramètres) ; dispositions : {listing(prs)}")


def _content(prs: PresentationType, width: int, height: int) -> Choice | None:
    candidates = [(i, lay) for i, lay in all_layouts(prs) if _usable(lay)]
    fit = [(i, lay) for i, lay in candidates
           if _content_share(lay, width, height) >= MIN_CONTENT_SHARE]
    named = _named(fit, "content")
    if named:
        return Choice(named[0][1], named[0][0], "name")
    if fit:
        i, lay = max(fit, key=lambda x: _geometry_rank(x[1], width, height))
        return Choice(lay, i, "geometry")
    return None


def _title(prs: PresentationType, content: Choice) -> Choice:
    candidates = [(i, lay) for i, lay in all_layouts(prs) if _usable(lay)]
    named = _named(candidates, "title")
    if named:
        return Choice(named[0][1], named[0][0], "name")
    centred = [(i, lay) for i, lay in candidates
               if title_of(lay).placeholder_format.type == PP_PLACEHOLDER.CENTER_TITLE]
    if centred:
        return Choice(centred[0][1], centred[0][0], "geometry")
    return Choice(content.layout, content.master, "content layout (no title layout)")


def choose_layouts(prs: PresentationType, overrides: dict[str, str] | None = None) -> Layouts:
    """The layouts of the deck's roles, or a TemplateError naming every layout."""
    overrides = overrides or {}
    width, height = int(prs.slide_width), int(prs.slide_height)
    content = (_overridden(prs, overrides["content"], "content") if overrides.get("content")
               else _content(prs, width, height))
    if content is None:
        raise TemplateError(
            "no layout of the template can hold the deck's content: one needs a title "
            "placeholder near the top, room below it and no sample text (choose one with "
            f"[deck.layouts] content = \"…\" in the settings); layouts: {listing(prs)}",
            fr="aucune disposition du modèle ne peut porter le contenu du support : il en faut "
               "une avec un espace réservé de titre en haut, de la place dessous et sans "
               "texte d'exemple (choisissez-la avec [deck.layouts] content = \"…\" dans les "
               f"paramètres) ; dispositions : {listing(prs)}")
    title = (_overridden(prs, overrides["title"], "title") if overrides.get("title")
             else _title(prs, content))
    return Layouts(title, content, content_area(content.layout, width, height))
