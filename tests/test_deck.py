"""The COPIL deck: open it, read its slides, shapes, tables and charts back."""

import datetime as dt
import zipfile

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu

import pmo_xl
from pmo_xl.deck import TemplateError, build_default_template, write_deck
from pmo_xl.kpis.portfolio import s_curve
from pmo_xl.settings import Settings
from tests.builders import TODAY, base_project, base_tables, make_tracker
from tests.deck_checks import charts_of, slide_titled, tables_of, titles
from tests.libreoffice import convert, render_pages, rgb_pixels
from tests.ooxml import ROOT, ooxml_errors

NASTY = "=HYPERLINK(\"http://evil\",\"x\")"


@pytest.fixture
def portfolio(tmp_path):
    trackers = tmp_path / "trackers"
    make_tracker(trackers, "p1.xlsx")
    tables = base_tables()
    tables["risks"][0]["risk"] = NASTY
    make_tracker(trackers, "p2.xlsx", tables=tables, lang="fr", project=base_project(
        code="P-002", name="Data hub", highlights="Livraison du lot 1. " * 200))
    return pmo_xl.consolidate(trackers, Settings(today=TODAY, workers=1))


def test_slides_in_copil_order(tmp_path, portfolio):
    prs = Presentation(str(write_deck(portfolio, tmp_path / "d.pptx")))
    shown = titles(prs)
    assert shown[:3] == ["Steering committee — Portfolio", "Key messages", "Portfolio status"]
    order = ["Portfolio status", "Portfolio figures", "Portfolio priorities", "Roadmap",
             "Risks", "Decisions requested", "Overdue actions", "P-001 — ERP roll-out",
             "P-002 — Data hub", "Appendix: data quality"]
    assert [t for t in shown if t in order] == order and shown[-1] == order[-1]
    assert prs.slide_width == Emu(12192000)  # 16:9


def test_every_shape_lies_inside_the_slide(tmp_path, portfolio):
    prs = Presentation(str(write_deck(portfolio, tmp_path / "d.pptx")))
    for i, slide in enumerate(prs.slides):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, (i, shape.name)
            assert shape.left + shape.width <= prs.slide_width, (i, shape.name)
            assert shape.top + shape.height <= prs.slide_height, (i, shape.name)


def test_summary_table_and_status_colours(tmp_path, portfolio):
    prs = Presentation(str(write_deck(portfolio, tmp_path / "d.pptx")))
    (table,) = tables_of(slide_titled(prs, "Portfolio status"))
    assert table[0] == ["Project", "Project name", "Declared", "Computed", "Trend",
                        "EAC / budget (days)", "Max slip (days)", "Critical risks"]
    # P-001 (hand-computed in test_consolidate): EAC 27 vs budget 100, slip 5, 1 critical.
    assert table[1] == ["P-001", "ERP roll-out", "Green", "Amber", "Stable",
                        "27 / 100 (-73%)", "5", "1"]
    shape = next(s for s in slide_titled(prs, "Portfolio status").shapes if s.has_table)
    assert str(shape.table.cell(1, 3).fill.fore_color.rgb) == "FFC000"  # Amber


def test_native_charts_carry_the_portfolio_figures(tmp_path, portfolio):
    prs = Presentation(str(write_deck(portfolio, tmp_path / "d.pptx")))
    bar, line, cost = charts_of(slide_titled(prs, "Portfolio figures"))
    assert bar.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert list(bar.plots[0].categories) == ["P-001", "P-002"]
    budget, eac = bar.plots[0].series
    assert list(eac.values) == portfolio.projects.sort_values("project")["eac_days"].tolist()
    assert list(budget.values) == [100.0, 100.0]
    assert line.chart_type == XL_CHART_TYPE.LINE
    curve = s_curve(portfolio.workload)
    assert list(line.plots[0].series[1].values) == curve["forecast_cum"].tolist()
    # Money (test_consolidate): each project EAC 8000 + 6 × 500 + 5 × 900, budget 60 000.
    assert list(cost.plots[0].categories) == ["P-001", "P-002"]
    assert [list(s.values) for s in cost.plots[0].series] == [[60000.0] * 2, [15500.0] * 2]
    assert cost.chart_title.text_frame.text == "EAC cost vs budget per project (€)"
    (total,) = tables_of(slide_titled(prs, "Portfolio figures"))
    assert total == [["Portfolio cost: 2 of 2 projects priced", "Total"],
                     ["Budget", "120,000\u00a0€"], ["EAC cost", "31,000\u00a0€"],
                     ["EAC − budget", "-89,000\u00a0€ (-74.2%)"]]
    with zipfile.ZipFile(tmp_path / "d.pptx") as z:  # the data travels inside the chart
        assert any(n.startswith("ppt/embeddings/") and n.endswith(".xlsx") for n in z.namelist())


def test_big_portfolio_chart_shows_the_largest_overruns(tmp_path, portfolio, monkeypatch):
    from pmo_xl.deck import slides

    monkeypatch.setattr(slides, "CHART_PROJECTS", 1)
    prs = Presentation(str(write_deck(portfolio, tmp_path / "d.pptx")))
    bar, _, cost = charts_of(slide_titled(prs, "Portfolio figures"))
    over = portfolio.projects.assign(o=lambda p: p["eac_days"] - p["budget_days"])
    worst = over.sort_values("o", ascending=False).iloc[0]
    assert list(bar.plots[0].categories) == [worst["project"]]
    assert bar.chart_title.text_frame.text == (
        "EAC vs budget (days): the 1 largest overruns of 2 projects")
    assert cost.chart_title.text_frame.text == (
        "EAC cost vs budget (€): the 1 largest overruns of 2 projects")


def test_a_deck_for_some_projects_shows_their_s_curve(tmp_path, portfolio):
    prs = Presentation(str(write_deck(portfolio, tmp_path / "d.pptx", projects=["P-002"])))
    bar, line, cost = charts_of(slide_titled(prs, "Portfolio figures"))
    assert list(bar.plots[0].categories) == ["P-002"] == list(cost.plots[0].categories)
    own = s_curve(portfolio.workload[portfolio.workload["project"] == "P-002"])
    assert list(line.plots[0].series[1].values) == own["forecast_cum"].tolist()
    assert own["forecast_cum"].iloc[-1] < s_curve(portfolio.workload)["forecast_cum"].iloc[-1]


def test_project_slide(tmp_path, portfolio):
    prs = Presentation(str(write_deck(portfolio, tmp_path / "d.pptx")))
    slide = slide_titled(prs, "P-001 — ")
    milestones, risks = tables_of(slide)
    # The open, slipping one first; the done one after.
    assert milestones[1] == ["Go-live", "29/05/2026", "05/06/2026", "+5"]
    assert milestones[2] == ["Design signed", "06/02/2026", "10/02/2026", "+2"]
    assert [r[0] for r in risks[1:]] == ["Key developer leaves", "Vendor late"]
    (chart,) = charts_of(slide)
    assert list(chart.plots[0].series[0].values) == [10.0, 10.0, 5.0]  # planned per month
    assert list(chart.plots[0].series[1].values) == [12.0, 10.0, 5.0]  # actual + remaining


def test_missing_card_text_shows_a_dash_never_nan(tmp_path, portfolio):
    # P-001's card has no highlights, points of attention or next steps.
    prs = Presentation(str(write_deck(portfolio, tmp_path / "d.pptx")))
    texts = [s.text_frame.text for s in slide_titled(prs, "P-001 — ").shapes if s.has_text_frame]
    assert texts.count("—") >= 3
    every = [t for s in prs.slides for shape in s.shapes for t in (
        [shape.text_frame.text] if shape.has_text_frame else
        [c.text for row in shape.table.rows for c in row.cells] if shape.has_table else [])]
    assert not [t for t in every if t.strip().lower() in ("nan", "none", "<na>")]


def test_long_text_is_cut_not_overflowing(tmp_path, portfolio):
    prs = Presentation(str(write_deck(portfolio, tmp_path / "d.pptx")))
    texts = [s.text_frame.text for s in slide_titled(prs, "P-002 — ").shapes if s.has_text_frame]
    long = next(t for t in texts if t.startswith("Livraison du lot 1."))
    assert long.endswith("…") and len(long) < 1000


def test_formula_like_text_is_plain_text(tmp_path, portfolio):
    path = write_deck(portfolio, tmp_path / "d.pptx")
    prs = Presentation(str(path))
    cells = [c for s in prs.slides for t in tables_of(s) for row in t for c in row]
    assert NASTY in cells
    with zipfile.ZipFile(path) as z:
        slides = b"".join(z.read(n) for n in z.namelist() if n.startswith("ppt/slides/slide"))
    assert b"hlinkClick" not in slides


def test_long_portfolio_paginates(tmp_path):
    for i in range(26):
        make_tracker(tmp_path / "t", f"p{i}.xlsx", code=f"P-{i:03d}", tables={})
    p = pmo_xl.consolidate(tmp_path / "t", Settings(today=TODAY, workers=1))
    prs = Presentation(str(write_deck(p, tmp_path / "d.pptx", projects=["P-000", *(
        f"P-{i:03d}" for i in range(1, 26))])))
    t = titles(prs)
    assert t.count("Portfolio status") == 1 and t.count("Portfolio status (continued)") == 2
    assert t.count("Roadmap (continued)") == 2
    rows = sum(len(tbl) - 1 for s in prs.slides if s.shapes.title.text.startswith(
        "Portfolio status") for tbl in tables_of(s))
    assert rows == 26


def test_french_deck_on_the_french_template(tmp_path, portfolio):
    prs = Presentation(str(write_deck(portfolio, tmp_path / "d.pptx", lang="fr")))
    assert titles(prs)[:3] == ["Comité de pilotage — Portefeuille", "Messages clés",
                               "Météo du portefeuille"]
    (table,) = tables_of(slide_titled(prs, "Météo du portefeuille"))
    assert table[1][2:4] == ["Vert", "Orange"]
    assert "Titre seul" in [lay.name for lay in prs.slide_layouts]


def test_a_differently_laid_out_company_template(tmp_path, portfolio):
    corp = Presentation()  # 4:3, and layouts renamed to nothing pmo-xl knows
    for layout, name in zip(corp.slide_layouts, ["Cover", "Text page", "Divider", "Two",
                                                 "Compare", "Headline", "Empty"], strict=False):
        layout.name = name
    corp.slides.add_slide(corp.slide_layouts[0])  # a sample slide, to be dropped
    corp.save(str(tmp_path / "corp.pptx"))
    prs = Presentation(str(write_deck(portfolio, tmp_path / "d.pptx",
                                      template=tmp_path / "corp.pptx")))
    assert prs.slide_width == Emu(9144000)
    assert titles(prs)[0] == "Steering committee — Portfolio"
    # The same slides as on pmo-xl's, but a 4:3 area too short for the cost chart under
    # the days chart gives it a slide of its own.
    own = titles(Presentation(str(write_deck(portfolio, tmp_path / "e.pptx"))))
    at = own.index("Portfolio figures") + 1
    assert titles(prs) == [*own[:at], "Portfolio figures — cost", *own[at:]]
    assert {s.slide_layout.name for s in prs.slides} == {"Cover", "Headline"}
    for slide in prs.slides:
        for shape in slide.shapes:
            assert shape.left + shape.width <= prs.slide_width
            assert shape.top + shape.height <= prs.slide_height


def test_a_template_without_a_title_layout_opens_on_a_content_slide(tmp_path, portfolio):
    corp = Presentation()
    for layout in list(corp.slide_layouts):
        if layout.name in ("Title Slide",):
            corp.slide_layouts.remove(layout)
    corp.save(str(tmp_path / "corp.pptx"))
    prs = Presentation(str(write_deck(portfolio, tmp_path / "d.pptx",
                                      template=tmp_path / "corp.pptx")))
    first = prs.slides[0]
    assert first.shapes.title.text == "Steering committee — Portfolio"
    assert first.slide_layout.name == "Title Only"
    assert any(s.has_text_frame and s.text_frame.text == "13/03/2026" for s in first.shapes)


def test_a_template_no_layout_of_which_has_a_title_is_a_clear_error(tmp_path, portfolio):
    corp = Presentation()
    for layout in list(corp.slide_layouts):
        if any(ph.placeholder_format.type in (1, 3) for ph in layout.placeholders):
            corp.slide_layouts.remove(layout)
    corp.save(str(tmp_path / "corp.pptx"))
    with pytest.raises(TemplateError, match=r"no layout of the template can hold the deck's "
                                            r"content.*layouts: master 1: 'Blank'"):
        write_deck(portfolio, tmp_path / "d.pptx", template=tmp_path / "corp.pptx")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_default_templates_come_from_the_script(tmp_path, lang):
    fresh = build_default_template(tmp_path / "t.pptx", lang)
    with zipfile.ZipFile(fresh) as a, zipfile.ZipFile(
            ROOT / "ppt_templates" / f"copil_{lang}.pptx") as b:
        names = [n for n in a.namelist() if not n.startswith("docProps/")]
        assert names == [n for n in b.namelist() if not n.startswith("docProps/")]
        assert all(a.read(n) == b.read(n) for n in names), "run `pmo-xl deck-templates`"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_open_xml_sdk_validator_accepts_the_deck(tmp_path, portfolio, lang):
    assert ooxml_errors(write_deck(portfolio, tmp_path / "d.pptx", lang=lang)) == []


def test_libreoffice_renders_every_slide(tmp_path, portfolio):
    path = write_deck(portfolio, tmp_path / "d.pptx")
    pdf = convert(path, tmp_path / "pdf", "pdf")
    pngs = render_pages(pdf, tmp_path, dpi=30)
    assert len(pngs) == len(Presentation(str(path)).slides)
    for png in pngs[1:]:
        pixels = rgb_pixels(png)
        assert sum(px != (255, 255, 255) for px in pixels) > 0.01 * len(pixels), png.name


def test_deck_from_the_cli_and_from_a_master(tmp_path):
    from typer.testing import CliRunner

    from pmo_xl.cli import app

    make_tracker(tmp_path / "in")
    (tmp_path / "in" / "pmo_xl.toml").write_text("today = 2026-03-16\n")
    run = CliRunner().invoke
    assert run(app, ["consolidate", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q",
                     "--deck"]).exit_code == 0
    assert (tmp_path / "out" / "Portfolio_2026-03-13.pptx").exists()
    master = tmp_path / "out" / "Portfolio_2026-03-13.xlsx"
    result = run(app, ["deck", str(master), "-o", str(tmp_path / "again.pptx"), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    again = Presentation(str(tmp_path / "again.pptx"))
    assert titles(again)[1:3] == ["Messages clés", "Météo du portefeuille"]
    assert tables_of(again.slides[2])[0][1][:2] == ["P-001", "ERP roll-out"]
    direct = run(app, ["deck", str(tmp_path / "in"), "-o", str(tmp_path / "d.pptx"), "-q"])
    assert direct.exit_code == 0


def test_long_lists_stop_after_three_pages(tmp_path):
    tables = base_tables()
    tables["actions"] = [{"id": f"A{i}", "action": f"Chase supplier {i}",
                          "due_date": dt.date(2026, 2, 1) + dt.timedelta(days=i),
                          "status": "Open"} for i in range(35)]
    make_tracker(tmp_path / "t", tables=tables)
    p = pmo_xl.consolidate(tmp_path / "t", Settings(today=TODAY, workers=1))
    prs = Presentation(str(write_deck(p, tmp_path / "d.pptx")))
    pages = [s for s in prs.slides if s.shapes.title.text.startswith("Overdue actions")]
    assert len(pages) == 3
    assert sum(len(t) - 1 for s in pages for t in tables_of(s)) == 30
    assert "… and 5 more: see the master workbook." in [
        sh.text_frame.text for sh in pages[-1].shapes if sh.has_text_frame]


def test_priorities_slide_has_native_bubbles(tmp_path):
    make_tracker(tmp_path / "t", "a.xlsx", value=5, complexity=2, alignment=4)
    make_tracker(tmp_path / "t", "b.xlsx", code="P-002", value=2, complexity=4, alignment=2)
    p = pmo_xl.consolidate(tmp_path / "t", Settings(today=TODAY, workers=1))
    prs = Presentation(str(write_deck(p, tmp_path / "d.pptx")))
    slide = next(s for s in prs.slides if s.shapes.title.text == "Portfolio priorities")
    (chart,) = charts_of(slide)
    assert chart.chart_type == XL_CHART_TYPE.BUBBLE
    series = chart.plots[0].series[0]
    xs = [float(v) for v in series._element.xpath("./c:xVal//c:v/text()")]
    sizes = [float(v) for v in series._element.xpath("./c:bubbleSize//c:v/text()")]
    assert (xs, list(series.values)) == ([2.0, 4.0], [5.0, 2.0])
    assert sizes == p.projects.sort_values("priority_rank")["eac_cost"].tolist()
    (ranking,) = tables_of(slide)
    assert [r[:2] for r in ranking[1:]] == [["1", "P-001"], ["2", "P-002"]]


def test_chart_parts_are_numbered_without_gaps_or_clashes(tmp_path, portfolio):
    # Part names come from a counter (python-pptx walks the whole package per chart).
    path = write_deck(portfolio, tmp_path / "d.pptx")
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
    charts = sorted(int(n[len("ppt/charts/chart"):-4]) for n in names
                    if n.startswith("ppt/charts/chart") and n.endswith(".xml"))
    sheets = [n for n in names if n.startswith("ppt/embeddings/")]
    assert charts == list(range(1, len(charts) + 1)) and len(charts) >= 4
    assert len(sheets) == len(charts) == len(set(sheets))


def test_every_milestone_reaches_the_project_slide(tmp_path):
    """Nine milestones: the slipping ones first, then the next ones, then the done ones;
    those without room go, whole, on a continuation slide, never dropped silently."""
    tables = base_tables()
    tables["milestones"] = [
        {"id": f"M{i}", "milestone": f"Step {i}", "baseline_date": dt.date(2026, 1, 1)
         + dt.timedelta(days=14 * i), "forecast_date": dt.date(2026, 1, 1)
         + dt.timedelta(days=14 * i), "status": "On track"} for i in range(1, 10)]
    tables["milestones"][8]["forecast_date"] = dt.date(2026, 6, 19)  # Step 9 slips 28 days
    tables["milestones"][0].update(status="Done", actual_date=dt.date(2026, 1, 15))
    make_tracker(tmp_path / "t", tables=tables)
    p = pmo_xl.consolidate(tmp_path / "t", Settings(today=TODAY, workers=1))
    prs = Presentation(str(write_deck(p, tmp_path / "d.pptx")))
    slide = next(s for s in prs.slides if s.shapes.title.text.startswith("P-001"))
    milestones = tables_of(slide)[0]
    assert [r[0] for r in milestones[1:]] == ["Step 9", "Step 2", "Step 3", "Step 4",
                                              "Step 5"]
    assert milestones[1][3] == "+31"  # working days from 07/05 to 19/06
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    assert "… and 4 more on the next slide" in texts
    following = prs.slides[list(prs.slides).index(slide) + 1]
    assert following.shapes.title.text == "P-001 — ERP roll-out (continued)"
    assert [r[0] for r in tables_of(following)[0][1:]] == ["Step 6", "Step 7", "Step 8",
                                                           "Step 1"]


def test_the_deck_reads_the_workload_columns_it_declares(portfolio):
    """What a deck built in the helper process is sent: the declared columns, the
    portfolio itself untouched. ``write_deck`` reads through the same cut, so every deck
    test fails if the deck reads a column it does not declare."""
    from pmo_xl.deck import WORKLOAD_COLUMNS, for_deck

    slim = for_deck(portfolio)
    assert tuple(slim.workload.columns) == WORKLOAD_COLUMNS
    assert len(slim.workload) == len(portfolio.workload)
    assert {"task", "source_file", "planned_cost"} <= set(portfolio.workload.columns)
    assert slim.projects is portfolio.projects


def test_slide_shape_and_relationship_ids_are_unique(tmp_path, portfolio):
    """Slides are added without python-pptx's searches (ids counted, shapes numbered after
    the largest): every slide id, relationship id and shape id must still be unique, and
    only the title placeholders are kept."""
    from lxml import etree

    path = write_deck(portfolio, tmp_path / "d.pptx", template=build_default_template(
        tmp_path / "t.pptx"))
    ns = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("ppt/presentation.xml"))
        ids = [int(i) for i in root.xpath("./p:sldIdLst/p:sldId/@id", namespaces=ns)]
        rids = root.xpath("./p:sldIdLst/p:sldId/@r:id", namespaces=ns)
        assert len(ids) == len(set(ids)) == len(rids) == len(set(rids)) > 10
        assert ids == sorted(ids) and ids[0] >= 256
        rels = etree.fromstring(z.read("ppt/_rels/presentation.xml.rels"))
        all_rids = [r.get("Id") for r in rels]
        assert len(all_rids) == len(set(all_rids)) and set(rids) <= set(all_rids)
        slides = [n for n in z.namelist() if n.startswith("ppt/slides/slide")]
        assert len(slides) == len(ids)
        for name in slides:
            slide = etree.fromstring(z.read(name))
            shape_ids = slide.xpath(".//p:cNvPr/@id", namespaces=ns)
            assert len(shape_ids) == len(set(shape_ids)), name
            kinds = slide.xpath(".//p:nvPr/p:ph/@type", namespaces=ns)
            assert set(kinds) <= {"title", "ctrTitle", "subTitle"}, (name, kinds)


def test_a_shape_off_the_slide_stops_the_deck_before_it_is_saved(tmp_path, portfolio,
                                                                 monkeypatch):
    """Slides are checked (and kept as bytes) project by project: a shape pushed off the
    page is reported with its slide's number and name, and no deck is written."""
    from pmo_xl.deck import project, slides

    drawn = project.draw_project

    def and_one_too_far(d, p):
        drawn(d, p)
        d.text(d.slide("Extra"), d.size.width - 1000, 0, 500000, 300000, "off the page")

    monkeypatch.setattr(project, "draw_project", and_one_too_far)
    with pytest.raises(slides.DeckLayoutError,
                       match=r"slide \d+: 'TextBox \d+' at .* is outside the slide 12192000"):
        write_deck(portfolio, tmp_path / "d.pptx")
    assert not (tmp_path / "d.pptx").exists()


@pytest.mark.parametrize("card", [False, True])
def test_the_column_chart_written_as_xml_is_python_pptx_s_chart(tmp_path, card):
    """Project slides' column charts are written as one piece of XML: the same chart part,
    workbook and frame as python-pptx's writer and proxies give (text to escape, a gap, a
    series beyond the colours given, a white card on dark templates)."""
    from pptx import Presentation as New
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor

    from pmo_xl.deck.parts import add_chart, pptx_chart

    categories = ["01/26", "R&D <lot 2>", "03/26"]
    series = {"Planned": [1.5, None, 3.0], "Actual & remaining": [2, 4.25, 0],
              "Third": [1, 2, 3]}
    colors = (RGBColor(0xA5, 0xA5, 0xA5), RGBColor(0x1F, 0x38, 0x64))
    prs = New()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data = CategoryChartData()
    data.categories = categories
    for name, values in series.items():
        data.add_series(name, [None if v is None else float(v) for v in values])
    ours = add_chart(slide, "column", 100, 200, 3000000, 2000000, categories, series,
                     "Workload <days> & more", colors, card=card)
    theirs = pptx_chart(slide, "column", 100, 200, 3000000, 2000000, data,
                        "Workload <days> & more", colors, card)
    assert ours.chart_part.blob == theirs.chart_part.blob
    assert ours.chart_part.chart_workbook.xlsx_part.blob[:2] == b"PK"
    assert (ours.chart_part.rels.xml.replace(b"Sheet1", b"Sheet2")
            == theirs.chart_part.rels.xml)
    frame = etree_of(ours._element)
    assert frame.replace(f'name="Chart {ours.shape_id - 1}"', "").replace(
        f'id="{ours.shape_id}"', "") == etree_of(theirs._element).replace(
        f'name="Chart {theirs.shape_id - 1}"', "").replace(
        f'id="{theirs.shape_id}"', "").replace('r:id="rId3"', 'r:id="rId2"')


def etree_of(element) -> str:
    from lxml import etree

    return etree.tostring(element).decode()


def test_markup_and_control_characters_in_a_name_read_back_as_typed(tmp_path):
    """Titles, chips, tables and the chart are written as XML text: a project named with
    markup characters reads back as typed, the package stays valid XML, and a control
    character pasted from another tool becomes Office's _xHHHH_ escape, never a broken
    part."""
    name = 'R&D <lot 2> "pilote" — l\'équipe'
    make_tracker(tmp_path / "t", project=base_project(name=name, highlights="a\x07b & c"))
    p = pmo_xl.consolidate(tmp_path / "t", Settings(today=TODAY, workers=1))
    prs = Presentation(str(write_deck(p, tmp_path / "d.pptx")))
    slide = slide_titled(prs, "P-001 — ")
    assert slide.shapes.title.text == f"P-001 — {name}"
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    assert "a_x0007_b & c" in texts
    assert ooxml_errors(tmp_path / "d.pptx") == []
