"""Issue 13's acceptance tests: the COPIL deck on every template of the gallery.

One portfolio (14 projects with long names, 4 to 12 milestones each) written on each
template of tests/deck_gallery.py, then checked with tests/deck_checks.py — checks that
do not use the writer's own code: valid for the Open XML SDK, every shape inside the
slide, nothing over the template's logos and bands or the title, readable by contrast,
every project and milestone present, a .pptx whatever the template's form, sections
rebuilt, no sample text of the template shown, rendered by LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation

import pmo_xl
import pmo_xl.deck
from pmo_xl.model import Portfolio
from pmo_xl.settings import Settings
from tests.builders import AS_OF, TODAY, base_project, base_tables, make_tracker
from tests.deck_checks import (
    contrast_failures,
    outside_slide,
    over_obstacles,
    over_title,
    shown_template_texts,
    texts,
)
from tests.deck_gallery import (
    CORPORATE_NAMES,
    GALLERY,
    PRESENTATION_CT,
    SAMPLE_TEXTS,
    SECTIONS_URI,
    main_content_type,
    no_title_anywhere,
)
from tests.libreoffice import convert, render_pages
from tests.ooxml import ooxml_errors

D = dt.date
CASES = sorted(GALLERY)
STAGES = ("Kick-off", "Scope frozen", "Design signed", "Build complete", "Integration tested",
          "User acceptance", "Pilot site live", "Data migrated", "Training delivered",
          "Go-live", "Hypercare closed", "Benefits review")
PROJECTS = [  # code, name: long names, codes of several shapes
    ("FIN-01", "Finance transformation: consolidation and group reporting platform"),
    ("HR-02", "Human resources information system replacement for all subsidiaries"),
    ("IT-INFRA-03", "Data centre exit and migration of the hosting to the public cloud"),
    ("CRM-04", "Customer relationship management for the retail and wholesale sales teams"),
    ("SCM-05", "Supply chain planning, warehouse management and transport optimisation"),
    ("ERP-06", "ERP roll-out to the Iberian, Italian and Nordic business units"),
    ("SEC-07", "Identity and access management with multi-factor authentication"),
    ("DATA-08", "Enterprise data platform, master data governance and self-service BI"),
    ("MFG-09", "Manufacturing execution system for the three European plants"),
    ("WEB-10", "E-commerce storefront redesign with product information management"),
    ("LEG-11", "Contract lifecycle management and e-signature for the legal department"),
    ("OPS-12", "Field service mobility application for maintenance technicians"),
    ("GRC-13", "Governance, risk and compliance tooling for the internal audit team"),
    ("PAY-14", "Payroll outsourcing and time-and-attendance harmonisation programme"),
]
MANY = "DATA-08"  # the project with 12 milestones


def milestones_of(code: str, i: int) -> list[dict]:
    """4 to 6 milestones (12 for one project), named after the project so that each
    one's presence is checked for itself; some done, some late, half for the COPIL."""
    count = 12 if code == MANY else 4 + i % 3
    start = D(2025, 10, 6) + dt.timedelta(days=7 * i)
    rows = []
    for k in range(count):
        baseline = start + dt.timedelta(days=28 * (k + 1))
        forecast = baseline + dt.timedelta(days=7 * (k % 3))
        done = forecast < AS_OF
        rows.append({"id": f"M{k + 1}", "milestone": f"{STAGES[k]} {code}",
                     "baseline_date": baseline, "forecast_date": forecast,
                     "actual_date": forecast if done else None,
                     "status": "Done" if done else ("At risk" if k % 3 == 2 else "On track"),
                     "steering": "Yes" if k % 2 == 0 else "No"})
    return rows


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory) -> Portfolio:
    folder = tmp_path_factory.mktemp("trackers")
    for i, (code, name) in enumerate(PROJECTS):
        tables = base_tables()
        tables["milestones"] = milestones_of(code, i)
        make_tracker(folder, f"{code}.xlsx", tables=tables, project=base_project(
            code=code, name=name, status=("Green", "Amber", "Red")[i % 3],
            start=D(2025, 9, 1) + dt.timedelta(days=14 * i),
            end_baseline=D(2026, 9, 30) + dt.timedelta(days=10 * i),
            end_forecast=D(2026, 10, 30) + dt.timedelta(days=10 * i)))
    result = pmo_xl.consolidate(folder, Settings(today=TODAY, workers=1))
    assert sorted(result.projects["project"]) == sorted(c for c, _ in PROJECTS)
    return result


@pytest.fixture(scope="module")
def written(portfolio, tmp_path_factory) -> Callable[[str], tuple[Path, Path]]:
    """(template, deck) for a gallery case, each written once per module; a writer's
    error is raised again in every test that asks for that case (a failure, not an
    error of the fixture)."""
    done: dict[str, tuple[Path, Path] | Exception] = {}

    def deck(case: str) -> tuple[Path, Path]:
        if case not in done:
            folder = tmp_path_factory.mktemp(case)
            template = GALLERY[case](folder)
            try:
                done[case] = (template, pmo_xl.write_deck(portfolio, folder / "deck.pptx",
                                                          template=template))
            except Exception as exc:  # reported by each test that asks for the case
                done[case] = exc
        got = done[case]
        if isinstance(got, Exception):
            raise AssertionError(f"write_deck failed on the {case} template: {got!r}") from got
        return got

    return deck


def deck_of(written, case: str):
    return Presentation(str(written(case)[1]))


@pytest.mark.parametrize("case", CASES)
def test_the_deck_is_valid_for_the_open_xml_sdk(written, case):
    assert ooxml_errors(written(case)[1]) == []


@pytest.mark.parametrize("case", CASES)
def test_every_shape_lies_inside_the_slide(written, case):
    assert outside_slide(deck_of(written, case)) == []


@pytest.mark.parametrize("case", CASES)
def test_nothing_covers_the_templates_logos_bands_or_titles(written, case):
    prs = deck_of(written, case)
    assert over_obstacles(prs) == []
    assert over_title(prs) == []


@pytest.mark.parametrize("case", CASES)
def test_every_text_reaches_wcag_aa_contrast(written, case):
    assert contrast_failures(deck_of(written, case)) == []


@pytest.mark.parametrize("case", CASES)
def test_every_project_and_every_milestone_is_in_the_deck(written, case, portfolio):
    everything = "\n".join(texts(deck_of(written, case)))
    codes = sorted(portfolio.projects["project"])
    assert [c for c in codes if c not in everything] == []
    names = portfolio.milestones[["project", "milestone"]].drop_duplicates()
    assert len(names[names["project"] == MANY]) == 12
    missing = [f"{p}: {m}" for p, m in zip(names["project"], names["milestone"], strict=True)
               if m not in everything]
    assert missing == []


@pytest.mark.parametrize("case", CASES)
def test_the_deck_has_a_title_and_none_of_the_templates_sample_text(written, case):
    prs = deck_of(written, case)
    cover = prs.slides[0]
    assert any("Steering committee" in s.text_frame.text for s in cover.shapes
               if s.has_text_frame)
    shown = [(n, t) for n, slide in enumerate(prs.slides, 1)
             for t in shown_template_texts(slide) if t in SAMPLE_TEXTS]
    assert shown == []


@pytest.mark.parametrize("case", CASES)
def test_the_output_is_a_plain_pptx_presentation(written, case):
    deck = written(case)[1]
    assert deck.suffix == ".pptx"
    assert main_content_type(deck) == PRESENTATION_CT
    with zipfile.ZipFile(deck) as z:
        assert not [n for n in z.namelist() if "vbaProject" in n]


def slide_and_section_ids(path: Path) -> tuple[set[str], list[str]]:
    """The slide ids of presentation.xml and the ids its p14:sectionLst lists."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("ppt/presentation.xml"))
    ns = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main",
          "p14": "http://schemas.microsoft.com/office/powerpoint/2010/main"}
    return (set(root.xpath("./p:sldIdLst/p:sldId/@id", namespaces=ns)),
            root.xpath(f"./p:extLst/p:ext[@uri='{SECTIONS_URI}']//p14:sldId/@id",
                       namespaces=ns))


@pytest.mark.parametrize("case", CASES)
def test_the_section_list_names_only_slides_of_the_deck(written, case):
    template, deck = written(case)
    _, had = slide_and_section_ids(template)
    assert bool(had) == (case == "sections")
    slides, listed = slide_and_section_ids(deck)
    assert set(listed) <= slides  # absent, or only slides that exist…
    assert len(listed) == len(set(listed))
    if listed:  # …and then rebuilt for the new slides: each one, once
        assert set(listed) == slides


def test_two_masters_content_comes_from_the_corporate_master(written):
    """The first master holds only a dark section divider: every slide of the deck is on
    a layout of the second ("Corporate …") master."""
    prs = deck_of(written, "two_masters")
    assert [(n, s.slide_layout.name) for n, s in enumerate(prs.slides, 1)
            if s.slide_layout.name not in CORPORATE_NAMES.values()] == []


@pytest.mark.parametrize("case", ["office_4_3", "wide_10in", "dark_theme", "logos", "potx"])
def test_libreoffice_renders_every_slide(written, case, tmp_path):
    deck = written(case)[1]
    pages = render_pages(convert(deck, tmp_path / "pdf", "pdf"), tmp_path, dpi=10)
    assert len(pages) == len(Presentation(str(deck)).slides)


def test_a_template_without_any_title_is_refused_naming_every_layout(tmp_path):
    """No layout of any master can carry a title: the error lists every layout of every
    master, so the PMO sees what the template offers."""
    path = no_title_anywhere(tmp_path)
    names = [lay.name for m in Presentation(str(path)).slide_masters for lay in m.slide_layouts]
    assert "Section Header" in names and "Corporate Content" in names
    with pytest.raises(pmo_xl.deck.TemplateError) as err:
        pmo_xl.deck.check_template(path, "en")
    assert [n for n in names if n not in str(err.value)] == []


def test_template_check_tells_the_choices_and_previews_three_slides(tmp_path):
    """What a PMO runs before the first COPIL: the layouts chosen and why, the area,
    the colours, and PNG previews of a title, a status and a project slide."""
    from typer.testing import CliRunner

    from pmo_xl.cli import app
    from tests.libreoffice import soffice

    soffice()  # the preview needs LibreOffice (skips locally, fails in CI without it)
    template = GALLERY["two_masters"](tmp_path)
    result = CliRunner().invoke(app, ["template-check", str(template), "--preview",
                                      str(tmp_path / "preview")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "content slides: 'Corporate Title Only' of master 2, by its name" in lines
    assert "title slide: 'Corporate Title' of master 2" in result.output
    assert any(line.startswith("content area: ") for line in lines)
    assert sorted(p.name for p in (tmp_path / "preview").iterdir()) == [
        "preview_project.png", "preview_status.png", "preview_title.png"]
    dark = CliRunner().invoke(app, ["template-check", str(GALLERY["dark_solid"](tmp_path)),
                                    "--no-preview", "--lang", "fr"])
    assert "fond #1E1E1E : texte #FFFFFF" in dark.output
    assert "graphiques sur cartes blanches" in dark.output


def test_the_settings_choose_a_layout_by_name_and_master(tmp_path, portfolio):
    """[deck.layouts] overrides the choice; a name the template lacks is an error that
    lists every layout of every master."""
    template = GALLERY["two_masters"](tmp_path)
    settings = portfolio.settings.replace(deck={"layouts": {"content": "2/Corporate Content"}})
    chosen = portfolio.__class__(**{**portfolio.__dict__, "settings": settings})
    deck = Presentation(str(pmo_xl.write_deck(chosen, tmp_path / "d.pptx", template=template)))
    assert {s.slide_layout.name for s in list(deck.slides)[1:]} == {"Corporate Content"}
    wrong = portfolio.settings.replace(deck={"layouts": {"content": "Nope"}})
    with pytest.raises(pmo_xl.deck.TemplateError,
                       match=r"no layout 'Nope'.*master 2: .*'Corporate Content'"):
        pmo_xl.deck.check_template(template, "en", wrong)
