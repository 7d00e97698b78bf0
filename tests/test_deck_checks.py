"""The deck checks and the template gallery, checked themselves.

tests/deck_checks.py grades the deck writer on the gallery of tests/deck_gallery.py
(test_deck_templates.py): a check that misses a fault, or a template that is not what its
name says, would let a broken deck pass. Each check is shown a small slide built here
with the fault, and without it; each template is valid, opens in LibreOffice and has
the quirk it is named after.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE, MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.shapes.placeholder import TablePlaceholder
from pptx.util import Emu, Inches, Pt

from tests.deck_checks import (
    background_rgb,
    contrast,
    contrast_failures,
    needed,
    obstacles,
    outside_slide,
    over_obstacles,
    over_title,
    shown_template_texts,
    texts,
)
from tests.deck_gallery import (
    BAND,
    DARK,
    FRENCH_NAMES,
    GALLERY,
    GOOGLE_NAMES,
    LOGO_CORNER,
    LOGO_TOP,
    NSDECL,
    SAMPLE_TEXTS,
    SECTIONS_URI,
    TEMPLATE_CT,
    THEME_DARK,
    add_picture,
    every_layout,
    layout_named,
    logo_png,
    main_content_type,
    no_title_anywhere,
    openable,
    preview,
    set_background_xml,
)
from tests.libreoffice import convert, render_pages
from tests.ooxml import ooxml_errors

# --- Small slides with one fault each -------------------------------------------------------


def blank_slide(template: Path | None = None, layout: str = "Blank"):
    prs = Presentation(str(template)) if template else Presentation()
    return prs, prs.slides.add_slide(layout_named(prs, layout))


INCH = 914400


def text_box(slide, text: str, rgb: str | None, *, left: int = INCH, top: int = 2 * INCH,
             width: int = 4 * INCH, height: int = INCH, size: float = 12, bold: bool = False):
    """A text box whose one run has a size, and a colour unless ``rgb`` is None."""
    box = slide.shapes.add_textbox(left, top, width, height)
    box.text_frame.text = text
    run = box.text_frame.paragraphs[0].runs[0]
    run.font.size, run.font.bold = Pt(size), bold
    if rgb:
        run.font.color.rgb = RGBColor.from_string(rgb)
    return box


def column_chart(slide, text_rgb: str | None):
    data = CategoryChartData()
    data.categories = ["FIN-01", "HR-02"]
    data.add_series("EAC", (3, 4))
    chart = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(2),
                                   Inches(6), Inches(4), data).chart
    chart.has_title = True
    chart.chart_title.text_frame.text = "EAC vs budget"
    if text_rgb:
        chart.font.color.rgb = RGBColor.from_string(text_rgb)
    return chart


# --- contrast ---------------------------------------------------------------------------------


def test_contrast_is_the_wcag_ratio():
    assert contrast("000000", "FFFFFF") == pytest.approx(21)
    assert contrast("FFFFFF", "000000") == contrast("000000", "FFFFFF")
    assert contrast("1E1E1E", "1E1E1E") == pytest.approx(1)
    assert contrast("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast("262626", "E04B4B") == pytest.approx(3.8, abs=0.05)  # issue 13's chip


def test_large_text_needs_less_contrast():
    assert needed(18, False) == needed(14, True) == 3.0
    assert needed(14, False) == needed(12, True) == needed(None, True) == 4.5


# --- outside_slide -------------------------------------------------------------------------------


def test_a_shape_off_the_slide_is_reported():
    prs, slide = blank_slide()
    text_box(slide, "in", "000000")
    assert outside_slide(prs) == []
    text_box(slide, "off", "000000", left=prs.slide_width - Inches(1), width=Inches(2))
    (bad,) = outside_slide(prs)
    assert "outside" in bad and "TextBox" in bad


def test_negative_and_empty_sizes_are_reported_a_flat_line_is_not():
    prs, slide = blank_slide()
    slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Inches(2), Inches(1), Inches(2),
                               Inches(5))  # vertical: zero width
    assert outside_slide(prs) == []
    box = text_box(slide, "x", "000000")
    box._element.spPr.find(qn("a:xfrm")).find(qn("a:ext")).set("cx", "-190556")
    rect = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(1), Inches(1), 0, Inches(1))
    bad = outside_slide(prs)
    assert len(bad) == 2 and all("no positive size" in b for b in bad)
    assert rect.name in bad[1]


def test_a_groups_child_and_a_tables_rows_are_checked_where_they_lie():
    prs, slide = blank_slide()
    group = slide.shapes.add_group_shape()
    group.shapes.add_textbox(prs.slide_width - Inches(0.5), Inches(1), Inches(1), Inches(1))
    table = slide.shapes.add_table(12, 3, Inches(1), Inches(5), Inches(5), Inches(1))
    for row in table.table.rows:
        row.height = Inches(0.4)
    bad = outside_slide(prs)
    assert len(bad) == 2  # the child off the right edge; 12 rows run off the bottom
    assert table.name in bad[1] and "TextBox" in bad[0]


# --- background_rgb ------------------------------------------------------------------------------


def built(tmp_path: Path, case: str) -> Path:
    return GALLERY[case](tmp_path / case)


def test_background_of_the_default_and_of_explicit_fills(tmp_path):
    _, slide = blank_slide()
    assert background_rgb(slide) == "FFFFFF"  # bgRef 1001 bg1 -> lt1 -> window
    _, slide = blank_slide(built(tmp_path, "dark_solid"), "Title Only")
    assert background_rgb(slide) == DARK
    prs = Presentation(str(built(tmp_path, "header_band")))
    assert background_rgb(layout_named(prs, "Title Slide")) == BAND  # the layout's own
    assert background_rgb(layout_named(prs, "Title Only")) == "FFFFFF"


def test_background_through_the_theme_and_colour_maps(tmp_path):
    prs, slide = blank_slide(built(tmp_path, "dark_theme"), "Title and Content")
    assert background_rgb(slide) == background_rgb(prs.slide_master) == THEME_DARK
    # A slide may map the colours back: bg1 -> lt1 again.
    old = slide._element.find(qn("p:clrMapOvr"))
    old.getparent().replace(old, parse_xml(
        f'<p:clrMapOvr {NSDECL}><a:overrideClrMapping bg1="lt1" tx1="dk1" bg2="lt2" '
        f'tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" '
        f'accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>'
        f'</p:clrMapOvr>'))
    assert background_rgb(slide) == "FFFFFF"


@pytest.mark.parametrize(("xml", "expected"), [
    ('<a:schemeClr val="bg1"><a:lumMod val="75000"/></a:schemeClr>', "BFBFBF"),
    ('<a:schemeClr val="tx1"><a:lumMod val="65000"/><a:lumOff val="35000"/></a:schemeClr>',
     "595959"),
    ('<a:srgbClr val="1F3864"><a:tint val="50000"/></a:srgbClr>', "8F9CB2"),
    ('<a:srgbClr val="FFFFFF"><a:shade val="50000"/></a:srgbClr>', "808080"),
    ('<a:sysClr val="windowText" lastClr="000000"/>', "000000"),
    ('<a:schemeClr val="accent1"/>', "4F81BD"),
])
def test_colour_modifiers_are_applied(xml, expected):
    _, slide = blank_slide()
    set_background_xml(slide, f'<p:bg {NSDECL}><p:bgPr><a:solidFill>{xml}</a:solidFill>'
                              f'<a:effectLst/></p:bgPr></p:bg>')
    assert background_rgb(slide) == expected


def test_a_gradient_or_picture_background_has_no_single_colour():
    _, slide = blank_slide()
    set_background_xml(slide, f'<p:bg {NSDECL}><p:bgPr><a:gradFill><a:gsLst>'
                              f'<a:gs pos="0"><a:srgbClr val="000000"/></a:gs>'
                              f'<a:gs pos="100000"><a:srgbClr val="FFFFFF"/></a:gs>'
                              f'</a:gsLst></a:gradFill><a:effectLst/></p:bgPr></p:bg>')
    assert background_rgb(slide) is None
    _, slide = blank_slide()
    set_background_xml(slide, f'<p:bg {NSDECL}><p:bgRef idx="1003"><a:schemeClr val="bg1"/>'
                              f'</p:bgRef></p:bg>')  # the theme's third: a gradient
    assert background_rgb(slide) is None


# --- contrast_failures -----------------------------------------------------------------------


def test_black_text_on_a_dark_template_is_reported(tmp_path):
    prs, slide = blank_slide(built(tmp_path, "dark_solid"), "Title Only")
    text_box(slide, "light", "F2F2F2")
    assert contrast_failures(prs) == []
    text_box(slide, "FIN-01 late", "000000", top=Inches(4))
    (bad,) = contrast_failures(prs)
    assert "'FIN-01 late'" in bad and "#000000 on #1E1E1E" in bad


def test_dark_theme_text_is_checked_against_the_resolved_background(tmp_path):
    prs, slide = blank_slide(built(tmp_path, "dark_theme"), "Title Only")
    text_box(slide, "navy on navy", "1F3864")
    (bad,) = contrast_failures(prs)
    assert f"on #{THEME_DARK}" in bad


def test_a_run_without_explicit_colour_is_a_failure():
    prs, slide = blank_slide()
    text_box(slide, "inherits", None)
    (bad,) = contrast_failures(prs)
    assert bad.endswith("no explicit colour")


def test_large_text_passes_at_three_to_one():
    prs, slide = blank_slide()
    text_box(slide, "grey heading", "888888", size=20)  # 3.5:1 on white
    assert contrast_failures(prs) == []
    text_box(slide, "grey body", "888888", size=12, top=Inches(4))
    assert len(contrast_failures(prs)) == 1


def test_chips_and_table_cells_are_read_on_their_own_fill():
    prs, slide = blank_slide()
    chip = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(1), Inches(1),
                                  Inches(1.2), Inches(0.35))
    chip.fill.solid()
    chip.fill.fore_color.rgb = RGBColor.from_string("E04B4B")
    chip.text_frame.text = "Red"
    run = chip.text_frame.paragraphs[0].runs[0]
    run.font.size, run.font.bold = Pt(11), True
    run.font.color.rgb = RGBColor.from_string("262626")
    table = slide.shapes.add_table(2, 2, Inches(1), Inches(3), Inches(4), Inches(1)).table
    for r, c, fill, ink in ((0, 0, "1F3864", "FFFFFF"), (0, 1, "1F3864", "000000"),
                            (1, 0, "FFC000", "262626"), (1, 1, "FFC000", "FFFFFF")):
        cell = table.cell(r, c)
        cell.fill.solid()
        cell.fill.fore_color.rgb = RGBColor.from_string(fill)
        cell.text = f"cell {r}{c}"
        cell.text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string(ink)
    bad = contrast_failures(prs)
    assert len(bad) == 3
    assert "'Red': #262626 on #E04B4B is 3.80:1" in bad[0]
    assert "cell (0, 1)" in bad[1] and "cell (1, 1)" in bad[2]


def test_text_over_a_band_of_the_template_is_read_on_the_band(tmp_path):
    prs, slide = blank_slide(built(tmp_path, "header_band"), "Title Only")
    text_box(slide, "white on band", "FFFFFF", top=Inches(0.2), height=Inches(0.5))
    text_box(slide, "black on band", "000000", top=Inches(0.7), height=Inches(0.5))
    (bad,) = contrast_failures(prs)
    assert "'black on band'" in bad and f"on #{BAND}" in bad


def test_text_on_a_shape_drawn_before_it_is_read_on_that_shape():
    prs, slide = blank_slide()
    card = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(1), Inches(1), Inches(4),
                                  Inches(3))
    card.fill.solid()
    card.fill.fore_color.rgb = RGBColor.from_string("1F3864")
    card.text_frame.text = ""
    text_box(slide, "white on the card", "FFFFFF", top=Inches(1.5))
    assert contrast_failures(prs) == []


def test_chart_text_needs_an_explicit_colour_that_reads(tmp_path):
    prs, slide = blank_slide()
    column_chart(slide, None)
    bad = contrast_failures(prs)
    assert bad and all(b.endswith("no explicit colour") for b in bad)
    assert any("chart title 'EAC vs budget'" in b for b in bad)
    prs, slide = blank_slide()
    column_chart(slide, "262626")
    assert contrast_failures(prs) == []
    prs, slide = blank_slide(built(tmp_path, "dark_solid"), "Title Only")
    column_chart(slide, "262626")  # dark text, the chart transparent on a dark slide
    assert contrast_failures(prs)


# --- obstacles, over_obstacles, over_title ----------------------------------------------------


def test_obstacles_are_the_templates_logos_honouring_show_master_shapes(tmp_path):
    prs = Presentation(str(built(tmp_path, "logos")))
    on_title_only = prs.slides.add_slide(layout_named(prs, "Title Only"))
    on_content = prs.slides.add_slide(layout_named(prs, "Title and Content"))
    assert {o.name for o in obstacles(on_title_only)} == {"Logo top right", "Logo corner",
                                                          "Logo unit"}
    assert {o.name for o in obstacles(on_content)} == {"Logo top right", "Logo corner"}
    top = next(o for o in obstacles(on_content) if o.name == "Logo top right")
    assert (top.left, top.top, top.width, top.height) == LOGO_TOP
    layout_named(prs, "Title Only")._element.set("showMasterSp", "0")
    assert {o.name for o in obstacles(on_title_only)} == {"Logo unit"}
    on_content._element.set("showMasterSp", "0")
    assert obstacles(on_content) == []


def test_a_full_slide_picture_is_background_and_an_empty_text_box_nothing(tmp_path):
    prs = Presentation()
    png = logo_png(tmp_path, "photo", "4F81BD", "")
    add_picture(prs.slide_master, png, "Photo", 0, 0, prs.slide_width, prs.slide_height)
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    assert obstacles(slide) == []
    prs = Presentation(str(built(tmp_path, "header_band")))
    slide = prs.slides.add_slide(layout_named(prs, "Title Only"))
    assert sorted(o.name for o in obstacles(slide)) == ["Bottom band", "Header band"]


def test_a_shape_over_a_logo_or_the_title_is_reported(tmp_path):
    prs = Presentation(str(built(tmp_path, "logos")))
    slide = prs.slides.add_slide(layout_named(prs, "Title and Content"))
    slide.shapes.title.text = "Portfolio status"
    text_box(slide, "clear", "000000", left=Inches(1), top=Inches(2))
    assert over_obstacles(prs) == [] and over_title(prs) == []
    x, y, *_ = LOGO_CORNER
    slide.shapes.add_table(2, 2, x - Inches(3), y - Inches(1), Inches(3.2), Inches(1.2))
    text_box(slide, "under the title", "000000", top=Inches(1), height=Inches(0.6))
    (logo,) = over_obstacles(prs)
    assert "'Table" in logo and "'Logo corner'" in logo
    (title,) = over_title(prs)
    assert "over the title" in title


def test_sample_text_shown_by_a_layout_is_found(tmp_path):
    prs = Presentation(str(built(tmp_path, "sample_text")))
    slide = prs.slides.add_slide(layout_named(prs, "Title Only"))
    assert shown_template_texts(slide) == [SAMPLE_TEXTS[1]]
    slide = prs.slides.add_slide(layout_named(prs, "Title and Content"))
    assert shown_template_texts(slide) == []


# --- texts -------------------------------------------------------------------------------------


def test_texts_reads_shapes_groups_tables_and_charts():
    prs, slide = blank_slide()
    group = slide.shapes.add_group_shape()
    group.shapes.add_textbox(Inches(1), Inches(1), Inches(1), Inches(1)).text_frame.text = "G"
    table = slide.shapes.add_table(1, 1, Inches(1), Inches(3), Inches(2), Inches(1)).table
    table.cell(0, 0).text = "Go-live FIN-01"
    column_chart(slide, "000000")
    found = texts(prs)
    assert {"G", "Go-live FIN-01", "EAC vs budget", "FIN-01", "HR-02", "EAC"} <= set(found)


# --- The gallery itself ------------------------------------------------------------------------

ALL = {**GALLERY, "no_title_anywhere": no_title_anywhere}


@pytest.mark.parametrize("case", sorted(ALL))
def test_each_template_is_valid_for_the_open_xml_sdk(tmp_path, case):
    assert ooxml_errors(ALL[case](tmp_path)) == []


@pytest.mark.parametrize("case", sorted(ALL))
def test_libreoffice_opens_each_template_and_renders_each_layout(tmp_path, case):
    template = ALL[case](tmp_path)
    convert(template, tmp_path / "template", "pdf")
    shown = preview(template, tmp_path)
    prs = Presentation(str(shown))
    assert outside_slide(prs) == []  # every placeholder inside the (resized) slide
    pages = render_pages(convert(shown, tmp_path / "pdf", "pdf"), tmp_path, dpi=10)
    assert len(pages) == len(prs.slides)


def opened(tmp_path: Path, case: str):
    return Presentation(str(openable(built(tmp_path, case), tmp_path)))


@pytest.mark.parametrize(("case", "size"), [
    ("office_4_3", (9144000, 6858000)), ("wide_10in", (9144000, 5143500)),
    ("wide_13in", (12192000, 6858000)), ("google_names", (9144000, 5143500)),
    ("potx", (12192000, 6858000))])
def test_slide_sizes(tmp_path, case, size):
    prs = opened(tmp_path, case)
    assert (prs.slide_width, prs.slide_height) == size


def test_layout_names(tmp_path):
    def names(case: str) -> list[str]:
        return [lay.name for lay in every_layout(opened(tmp_path, case))]

    assert names("google_names") == list(GOOGLE_NAMES)
    assert names("french") == list(FRENCH_NAMES)
    assert names("custom_names")[:3] == ["Layout A", "Layout B", "Layout C"]
    assert "Blank" not in names("no_blank") and "Title Only" in names("no_blank")
    assert names("two_masters") == ["Section Header", "Corporate Title", "Corporate Content",
                                    "Corporate Section", "Corporate Title Only",
                                    "Corporate Blank"]


def test_google_title_is_centred_and_its_section_header_a_lone_mid_slide_title(tmp_path):
    prs = opened(tmp_path, "google_names")
    kinds = {lay.name: {ph.placeholder_format.type for ph in lay.placeholders}
             for lay in prs.slide_layouts}
    assert PP_PLACEHOLDER.CENTER_TITLE in kinds["TITLE"]
    section = layout_named(prs, "SECTION_HEADER")
    assert PP_PLACEHOLDER.BODY not in kinds["SECTION_HEADER"]
    title = next(ph for ph in section.placeholders if ph.placeholder_format.idx == 0)
    assert title.top > prs.slide_height * 0.35


def test_two_masters_the_first_only_a_dark_divider(tmp_path):
    prs = opened(tmp_path, "two_masters")
    first, corporate = prs.slide_masters
    assert [lay.name for lay in first.slide_layouts] == ["Section Header"]
    assert background_rgb(first) == "203864" and background_rgb(corporate) == "FFFFFF"
    assert [lay.name for lay in corporate.slide_layouts] == [
        "Corporate Title", "Corporate Content", "Corporate Section", "Corporate Title Only",
        "Corporate Blank"]


def test_the_sample_text_template_traps_a_naive_pick(tmp_path):
    prs = opened(tmp_path, "sample_text")
    first = next(lay for lay in prs.slide_layouts
                 if {ph.placeholder_format.type for ph in lay.placeholders} & {
                     PP_PLACEHOLDER.TITLE}
                 and not {ph.placeholder_format.type for ph in lay.placeholders} & {
                     PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT})
    assert first.name == "Section Header"
    title = next(ph for ph in first.placeholders if ph.placeholder_format.idx == 0)
    assert prs.slide_height * 0.35 < title.top < prs.slide_height * 0.55


def test_title_without_placeholders(tmp_path):
    cover = layout_named(opened(tmp_path, "title_without_placeholders"), "Title Slide")
    assert len(cover.placeholders) == 0
    assert [s.text_frame.text for s in cover.shapes] == [SAMPLE_TEXTS[0]]


def test_sections_group_the_templates_three_slides(tmp_path):
    with zipfile.ZipFile(built(tmp_path, "sections")) as z:
        root = etree.fromstring(z.read("ppt/presentation.xml"))
    ns = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main",
          "p14": "http://schemas.microsoft.com/office/powerpoint/2010/main"}
    slides = root.xpath("./p:sldIdLst/p:sldId/@id", namespaces=ns)
    sections = root.xpath(f"./p:extLst/p:ext[@uri='{SECTIONS_URI}']/p14:sectionLst/"
                          "p14:section", namespaces=ns)
    assert len(slides) == 3 and len(sections) == 2
    assert root.xpath(".//p14:sldId/@id", namespaces=ns) == slides


def test_potx_is_a_template_python_pptx_refuses(tmp_path):
    path = built(tmp_path, "potx")
    assert path.suffix == ".potx" and main_content_type(path) == TEMPLATE_CT
    with pytest.raises(ValueError, match="not a PowerPoint file"):
        Presentation(str(path))


def test_no_title_anywhere(tmp_path):
    prs = Presentation(str(no_title_anywhere(tmp_path)))
    assert len(prs.slide_masters) == 2
    titles = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE}
    assert not [lay.name for lay in every_layout(prs)
                if {ph.placeholder_format.type for ph in lay.placeholders} & titles]


def test_logo_sizes_and_dark_layouts_are_what_the_gallery_says(tmp_path):
    prs = opened(tmp_path, "logos")
    pictures = [s for s in prs.slide_master.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert sorted((s.left, s.top, s.width, s.height) for s in pictures) == sorted(
        [LOGO_TOP, LOGO_CORNER])
    assert all(s.left + s.width <= prs.slide_width for s in pictures)
    assert Emu(LOGO_CORNER[1] + LOGO_CORNER[3]) <= prs.slide_height


def test_a_table_put_into_a_content_placeholder_is_checked_like_an_added_one(tmp_path):
    prs = Presentation(str(built(tmp_path, "logos")))
    slide = prs.slides.add_slide(layout_named(prs, "Title and Content"))
    body = next(ph for ph in slide.placeholders if ph.placeholder_format.idx == 1)
    table = TablePlaceholder(body._element, body._parent).insert_table(8, 2).table
    for row in table.rows:
        row.height = Inches(0.7)  # 8 rows from 1.6 in run down to 7.2 in: over the logo
    (bad,) = over_obstacles(prs)
    assert "'Logo corner'" in bad


def test_a_title_given_a_colour_is_checked_one_that_inherits_is_not(tmp_path):
    prs, slide = blank_slide(built(tmp_path, "dark_solid"), "Title Only")
    slide.shapes.title.text = "Portfolio status"
    assert contrast_failures(prs) == []  # the template's light title style
    slide.shapes.title.text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor(0, 0, 0)
    (bad,) = contrast_failures(prs)
    assert "'Portfolio status': #000000 on #1E1E1E" in bad


def test_a_hidden_template_shape_is_no_obstacle(tmp_path):
    prs = Presentation(str(built(tmp_path, "header_band")))
    band = next(s for s in prs.slide_master.shapes if s.name == "Header band")
    band._element.nvSpPr.cNvPr.set("hidden", "1")
    slide = prs.slides.add_slide(layout_named(prs, "Title Only"))
    assert [o.name for o in obstacles(slide)] == ["Bottom band"]
