"""Slide parts: fitted text, native tables and charts, coloured status chips.

Text never overflows: it wraps, shrinks down to a floor, then is cut with an
ellipsis, using a conservative estimate of the width of characters.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

import pandas as pd
from pptx.chart.data import BubbleChartData, CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.parts.slide import SlidePart
from pptx.util import Emu, Pt

from pmo_xl.colours import readable_on
from pmo_xl.deck.columns import add_column_chart_part, column_chart_xml
from pmo_xl.schema.contract import INK, NEUTRAL
from pmo_xl.schema.model import Tone

NAVY = RGBColor(0x1F, 0x38, 0x64)
GREY = RGBColor(0x59, 0x59, 0x59)
LIGHT = RGBColor(0xF2, 0xF2, 0xF2)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
CHAR_WIDTH = 0.55  # average glyph width as a fraction of the font size (conservative)
LINE_HEIGHT = 1.25
EMU_PER_PT = 12700
ROW_HEIGHT = Emu(330000)  # a table row at 11 pt


def capacity(width: int, height: int, size: float) -> tuple[int, int]:
    """(characters per line, lines) that fit a box at a font size, after insets."""
    usable_w = max(width - 2 * 91440, 1) / EMU_PER_PT
    usable_h = max(height - 2 * 45720, 1) / EMU_PER_PT
    return max(int(usable_w / (size * CHAR_WIDTH)), 1), max(int(usable_h / (size * LINE_HEIGHT)),
                                                            1)


def wrap_lines(text: str, per_line: int) -> list[str]:
    lines: list[str] = []
    for para in str(text).splitlines() or [""]:
        # Split at spaces only: a no-break space (1 234 €, French "; ") keeps its words.
        words, line = [w for w in para.split(" ") if w], ""
        for word in words:
            while len(word) > per_line:  # a word longer than the line is broken
                if line:
                    lines.append(line)
                    line = ""
                lines.append(word[:per_line])
                word = word[per_line:]
            candidate = f"{line} {word}".strip()
            if len(candidate) <= per_line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def fit(text: str, width: int, height: int, max_size: float, min_size: float
        ) -> tuple[str, float]:
    """The text and font size that fit the box: shrink first, then cut with '…'.

    Text that fits is returned as it is (PowerPoint wraps it); cut text loses its
    own line breaks.
    """
    size = max_size
    while True:
        per_line, rows = capacity(width, height, size)
        lines = wrap_lines(text, per_line)
        if len(lines) <= rows:
            return str(text), size
        if size - 1 < min_size:
            kept = lines[:rows]
            kept[-1] = (kept[-1][: max(per_line - 1, 0)].rstrip() + "…")
            return " ".join(line for line in kept if line), size
        size -= 1


def fit_line(text: str, width: int, max_size: float, min_size: float) -> tuple[str, float]:
    """One line: the largest size at which it fits, else cut with '…' at ``min_size``."""
    size = max_size
    while size >= min_size:
        if len(text) <= capacity(width, 10**9, size)[0]:
            return text, size
        size -= 1
    per_line = capacity(width, 10**9, min_size)[0]
    return text[: max(per_line - 1, 1)].rstrip() + "…", min_size


def add_slide(prs, layout, slide_id: int, placeholders: Sequence[object]):
    """A new slide (and its relationship id) on ``layout`` with only ``placeholders``
    (some of the layout's) cloned: the deck draws its own content, no empty "click to
    add text" boxes.

    python-pptx's ``add_slide`` looks up every relationship and every slide id of the
    presentation to add one (quadratic: a fifth of a second for a 330-slide deck), and
    clones every placeholder; here the slide is new, so it is related without a search,
    under the id the caller counts (``slide_id``), and its shapes take the ids after the
    largest (python-pptx's "turbo add": every shape is added through this slide object).
    """
    part = prs.part
    slide_part = SlidePart.new(part._next_slide_partname, part.package, layout.part)
    r_id = part.rels._add_relationship(RT.SLIDE, slide_part)
    prs.slides._sldIdLst._add_sldId(id=slide_id, rId=r_id)
    slide = slide_part.slide
    for ph in placeholders:
        slide.shapes.clone_placeholder(ph)
    slide.shapes.turbo_add_enabled = True
    return slide, r_id


def freeze(prs, slide, r_id: str) -> None:
    """A finished slide kept as its XML bytes from now on (``r_id``: its relationship
    from the presentation): a 1,600-slide deck's XML trees took 300 MB until it was
    saved, their bytes a tenth of it. The slide cannot be changed after."""
    part = slide.part
    frozen = Part(part.partname, part.content_type, part.package, part.blob)
    frozen.__dict__["_rels"] = part._rels  # its layout, charts and pictures
    prs.part.rels[r_id]._target = frozen


def placeholders_of(layout, keep: Sequence[object]) -> list:
    """The placeholders of ``layout`` of the ``keep`` types, as ``add_slide`` clones them."""
    return [ph for ph in layout.iter_cloneable_placeholders()
            if ph.placeholder_format.type in keep]


def _place(slide, xml: str):
    """A shape built as one piece of XML (python-pptx's proxies cost ~0.1 ms a property),
    added on top of the slide's shapes."""
    element = parse_xml(xml)
    shapes = slide.shapes
    shapes._spTree.insert_element_before(element, "p:extLst")
    return shapes._shape_factory(element)


def _place_frame(slide, name: str, left: int, top: int, width: int, height: int, uri: str,
                 content: str):
    """A graphic frame holding ``content`` (a table, a chart reference), named as
    python-pptx names it ("Table 4")."""
    sid = slide.shapes._next_shape_id
    return _place(slide, (
        f'<p:graphicFrame {_NSDECL} {_NSDECL_P}><p:nvGraphicFramePr>'
        f'<p:cNvPr id="{sid}" name="{name} {sid - 1}"/><p:cNvGraphicFramePr>'
        f'<a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/>'
        f'</p:nvGraphicFramePr>{_xfrm("p", left, top, width, height)}<a:graphic>'
        f'<a:graphicData uri="{uri}">{content}</a:graphicData></a:graphic>'
        f'</p:graphicFrame>'))


def _xfrm(tag: str, left: int, top: int, width: int, height: int) -> str:
    return (f'<{tag}:xfrm><a:off x="{int(left)}" y="{int(top)}"/>'
            f'<a:ext cx="{int(width)}" cy="{int(height)}"/></{tag}:xfrm>')


def first_slide_id(prs) -> int:
    """The id for the next slide added to ``prs`` (ids count from 256)."""
    return max((int(s.id) for s in prs.slides._sldIdLst.sldId_lst), default=255) + 1


def set_title(slide, text: str, max_size: float = 30, min_size: float = 18,
              width: int | None = None) -> None:
    """The slide title on one line of its placeholder, shrunk then cut if needed
    (``width``: the placeholder's, when the caller knows it)."""
    ph = slide.shapes.title
    if ph is None:
        return
    line, size = fit_line(text, ph.width if width is None else width, max_size, min_size)
    runs = "".join(f'<a:p><a:r><a:rPr sz="{round(size * 100)}"/><a:t>{_xml_text(part)}</a:t>'
                   f'</a:r></a:p>' if part else "<a:p/>" for part in _lines(line))
    old = ph._element.get_or_add_txBody()
    old.getparent().replace(old, parse_xml(
        f'<p:txBody {_NSDECL} {_NSDECL_P}><a:bodyPr/><a:lstStyle/>{runs}</p:txBody>'))


def add_text(slide, left: int, top: int, width: int, height: int, text: str, *,
             size: float = 14, min_size: float = 9, bold: bool = False,
             color: RGBColor = GREY, align: PP_ALIGN = PP_ALIGN.LEFT):
    """A text box, fitted (see ``fit``), built as one piece of DrawingML."""
    body, pt = fit(text, width, height, size, min_size)
    sid = slide.shapes._next_shape_id
    return _place(slide, (
        f'<p:sp {_NSDECL} {_NSDECL_P}><p:nvSpPr><p:cNvPr id="{sid}" name="TextBox {sid - 1}"/>'
        f'<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>{_xfrm("a", left, top, width, height)}'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
        f'<p:txBody><a:bodyPr wrap="square" anchor="t"/><a:lstStyle/>'
        f'{_paragraphs(body, pt, bold, color, _ALIGN[align])}</p:txBody></p:sp>'))


def add_table(slide, left: int, top: int, width: int, headers: Sequence[str],
              rows: Sequence[Sequence[object]], weights: Sequence[float], *, size: float = 11,
              row_height: int = ROW_HEIGHT, fills: dict[tuple[int, int], RGBColor] | None = None,
              center: bool = False):
    """A native table; each cell's text fitted to one or two lines of its column.

    The rows are built as one piece of DrawingML and parsed once: setting each cell's
    text, margins, font and fill through python-pptx costs ~40 ms a table.
    """
    n_rows = len(rows) + 1
    head_height = int(row_height * 1.7)  # headers may take two lines
    total = sum(weights)
    widths = [int(width * w / total) for w in weights]
    xml = [f'<a:tbl><a:tblPr firstRow="1" bandRow="1"><a:tableStyleId>{_TABLE_STYLE}'
           f'</a:tableStyleId></a:tblPr><a:tblGrid>']
    xml += [f'<a:gridCol w="{w}"/>' for w in widths]
    xml.append("</a:tblGrid>")
    for r, values in enumerate([list(headers), *[list(v) for v in rows]]):
        height = head_height if r == 0 else row_height
        xml.append(f'<a:tr h="{height}">')
        for c, value in enumerate(values):
            text, pt = fit(cell_text(value), widths[c], height, size, size - 2)
            fill = NAVY if r == 0 else (WHITE if r % 2 else LIGHT)
            if fills and (r - 1, c) in fills:
                fill = fills[(r - 1, c)]
            xml.append(_cell_xml(text, pt, bold=r == 0 or center, center=center,
                                 color=_text_on(fill), fill=fill))
        xml.append("</a:tr>")
    xml.append("</a:tbl>")
    return _place_frame(slide, "Table", left, top, width,
                        head_height + row_height * (n_rows - 1), _TABLE_URI, "".join(xml))


_NSDECL = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
_INK = RGBColor.from_string(INK)
# Characters XML 1.0 cannot carry; written as Office's _xHHHH_ escapes, as python-pptx does.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_ALIGN = {PP_ALIGN.LEFT: "l", PP_ALIGN.CENTER: "ctr", PP_ALIGN.RIGHT: "r"}
_NSDECL_P = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'


_TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
_TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # python-pptx's default


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _xml_text(line: str) -> str:
    """A line as XML text: escaped, control characters as Office's _xHHHH_."""
    return escape(_CONTROL.sub(lambda m: f"_x{ord(m[0]):04X}_", line))


def _paragraphs(text: str, pt: float, bold: bool, color: RGBColor, align: str | None) -> str:
    """DrawingML paragraphs of ``text``, one per line, each run in one font."""
    run_props = (f'<a:rPr sz="{round(pt * 100)}" b="{int(bold)}">'
                 f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill></a:rPr>')
    props = f'<a:pPr algn="{align}"/>' if align else ""
    return "".join(f"<a:p>{props}<a:r>{run_props}<a:t>{_xml_text(line)}</a:t></a:r></a:p>"
                   if line else f"<a:p>{props}</a:p>" for line in _lines(text))


def _cell_xml(text: str, pt: float, *, bold: bool, center: bool, color: RGBColor,
              fill: RGBColor) -> str:
    paras = _paragraphs(text, pt, bold, color, "ctr" if center else None)
    return (f'<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{paras}</a:txBody>'
            f'<a:tcPr marL="45720" marR="45720" marT="18000" marB="18000" anchor="ctr">'
            f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill></a:tcPr></a:tc>')


@functools.lru_cache(maxsize=256)
def _text_on(fill: RGBColor) -> RGBColor:
    """Ink, or what reads better on this fill (white on the navy header, black on red)."""
    return RGBColor.from_string(readable_on(str(fill), (str(_INK),)))


def cell_text(value: object) -> str:
    """A value a slide shows as it is (figures come already worded by the registry):
    '—' when missing."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return "—"
    if isinstance(value, (pd.Timestamp, dt.date)):
        return pd.Timestamp(value).strftime("%d/%m/%Y")
    return str(value)


def add_chip(slide, left: int, top: int, width: int, height: int, label: str,
             tone: Tone | None):
    """A rounded chip in the colour of what its word means (a status)."""
    tone = tone or NEUTRAL
    sid = slide.shapes._next_shape_id
    on_fill = RGBColor.from_string(tone.on_fill)
    return _place(slide, (
        f'<p:sp {_NSDECL} {_NSDECL_P}><p:nvSpPr>'
        f'<p:cNvPr id="{sid}" name="Rounded Rectangle {sid - 1}"/><p:cNvSpPr/><p:nvPr/>'
        f'</p:nvSpPr><p:spPr>{_xfrm("a", left, top, width, height)}'
        f'<a:prstGeom prst="roundRect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{tone.fill.upper()}"/></a:solidFill>'
        f'<a:ln><a:noFill/></a:ln></p:spPr>{_SHAPE_STYLE}'
        f'<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/>'
        f'{_paragraphs(label, 11, True, on_fill, "ctr")}</p:txBody></p:sp>'))


# The style python-pptx gives an autoshape (its line, fill, effect and font references).
_SHAPE_STYLE = ('<p:style><a:lnRef idx="1"><a:schemeClr val="accent1"/></a:lnRef>'
                '<a:fillRef idx="3"><a:schemeClr val="accent1"/></a:fillRef>'
                '<a:effectRef idx="2"><a:schemeClr val="accent1"/></a:effectRef>'
                '<a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></p:style>')


def _new_chart(slide, chart_type, left: int, top: int, width: int, height: int, data,
               title: str, legend_size: float | None, card: bool = False):
    """A native chart with its title (and legend at the bottom unless ``legend_size`` is
    None), its axis ids renumbered for the Open XML SDK. Its text is ink; on a template
    whose background is not white (``card``), the chart sits on a white card so that
    ink, axes and series read as on any slide."""
    graphic = slide.shapes.add_chart(chart_type, left, top, width, height, data)
    chart = graphic.chart
    _unsigned_axis_ids(chart)
    _ink_and_card(chart, card)
    chart.has_title = True
    chart.chart_title.text_frame.text = title
    run = chart.chart_title.text_frame.paragraphs[0].runs[0]
    run.font.size = Pt(13)
    run.font.color.rgb = _INK
    chart.has_legend = legend_size is not None
    if legend_size is not None:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(legend_size)
    return graphic


def add_chart(slide, kind: str, left: int, top: int, width: int, height: int,
              categories: Sequence[object], series: dict[str, Sequence[float]], title: str,
              colors: Sequence[RGBColor] = (RGBColor(0xA5, 0xA5, 0xA5), NAVY),
              card: bool = False, ink: RGBColor = GREY):
    """A native, editable chart whose data lives inside it (a note in ``ink`` when there
    is none)."""
    if not len(categories):
        return add_text(slide, left, top, width, min(Emu(400000), height), f"{title}: —",
                        size=12, color=ink)
    data = CategoryChartData()
    data.categories = list(categories)
    numbers = {name: [None if pd.isna(v) else float(v) for v in values]
               for name, values in series.items()}
    for name, values in numbers.items():
        data.add_series(name, values)
    if kind == "column" and all(isinstance(c, str) for c in categories):
        colours = [str(c) for c in colors] + [None] * len(numbers)
        xml = column_chart_xml(title, list(categories),
                               [(name, values, colours[i])
                                for i, (name, values) in enumerate(numbers.items())],
                               str(_INK), 10, card)
        r_id = add_column_chart_part(slide, data, xml)
        return _place_frame(slide, "Chart", left, top, width, height, _CHART_URI,
                            f'<c:chart {_NSDECL_C} {_NSDECL_R} r:id="{r_id}"/>')
    return pptx_chart(slide, kind, left, top, width, height, data, title, colors, card)


def pptx_chart(slide, kind: str, left: int, top: int, width: int, height: int,
               data: CategoryChartData, title: str, colors: Sequence[RGBColor], card: bool):
    """``add_chart`` through python-pptx's chart writer and proxies (lines, bars, date
    categories; the reference the column chart's own XML is tested against)."""
    chart_type = {"column": XL_CHART_TYPE.COLUMN_CLUSTERED, "line": XL_CHART_TYPE.LINE,
                  "bar": XL_CHART_TYPE.BAR_CLUSTERED}[kind]
    graphic = _new_chart(slide, chart_type, left, top, width, height, data, title, 10, card)
    chart = graphic.chart
    chart.category_axis.tick_labels.font.size = Pt(9)
    chart.value_axis.tick_labels.font.size = Pt(9)
    for plot in chart.plots:
        for s, color in zip(plot.series, colors, strict=False):
            if kind == "line":
                s.format.line.color.rgb = color
                s.format.line.width = Pt(2.25)
                s.smooth = False
            else:
                s.format.fill.solid()
                s.format.fill.fore_color.rgb = color
    return graphic


def _ink_and_card(chart, card: bool) -> None:
    """The chart's default text colour (title, axes, legend, labels) set to ink, and a
    white background when asked."""
    space = chart._chartSpace
    fill = (f'<c:spPr {_NSDECL_C} {_NSDECL}><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>'
            f'<a:ln><a:noFill/></a:ln></c:spPr>') if card else None
    text = (f'<c:txPr {_NSDECL_C} {_NSDECL}><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr>'
            f'<a:solidFill><a:srgbClr val="{_INK}"/></a:solidFill></a:defRPr></a:pPr>'
            f'<a:endParaRPr lang="en-US"/></a:p></c:txPr>')
    anchor = space.find(qn("c:chart"))
    for old in space.findall(qn("c:spPr")) + space.findall(qn("c:txPr")):
        space.remove(old)
    parts = [parse_xml(x) for x in (fill, text) if x]
    for el in reversed(parts):
        anchor.addnext(el)


_NSDECL_C = 'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"'
_NSDECL_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def _unsigned_axis_ids(chart) -> None:
    """python-pptx writes random, often negative axis ids; the Open XML SDK wants them in
    0..2^31-1. Renumber each distinct id of the chart (pairs stay matched, output stable)."""
    space = chart._chartSpace
    renumber: dict[str, str] = {}
    for el in space.xpath(".//c:axId | .//c:crossAx"):
        old = el.get("val")
        el.set("val", renumber.setdefault(old, str(50000 + len(renumber))))


def add_bubbles(slide, left: int, top: int, width: int, height: int,
                points: Sequence[tuple[str, float, float, float]], title: str,
                x_title: str, y_title: str, card: bool = False):
    """A native bubble chart: one bubble per (label, x, y, size), labelled."""
    data = BubbleChartData()
    series = data.add_series(title)
    for _, x, y, size in points:
        series.add_data_point(x, y, size)
    graphic = _new_chart(slide, XL_CHART_TYPE.BUBBLE, left, top, width, height, data, title,
                         None, card)
    chart = graphic.chart
    for axis, name in ((chart.category_axis, x_title), (chart.value_axis, y_title)):
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 6, 1
        axis.has_title = True
        axis.axis_title.text_frame.text = name
        axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(10)
        axis.axis_title.text_frame.paragraphs[0].runs[0].font.color.rgb = _INK
        axis.tick_labels.font.size = Pt(9)
    plot = chart.plots[0]
    plot.bubble_scale = 60
    s = plot.series[0]
    s.format.fill.solid()
    s.format.fill.fore_color.rgb = NAVY
    for i, (label, *_rest) in enumerate(points):
        frame = s.points[i].data_label.text_frame
        frame.text = label
        frame.paragraphs[0].runs[0].font.size = Pt(9)
        frame.paragraphs[0].runs[0].font.color.rgb = _INK
    return graphic


SERIAL0 = pd.Timestamp("1899-12-30")


def _serial(ts: object) -> float:
    return float((pd.Timestamp(ts) - SERIAL0).days)


def add_mta_chart(slide, left: int, top: int, width: int, height: int, trends: pd.DataFrame,
                  title: str, diagonal: str, card: bool = False):
    """Milestone trend analysis: reporting date (X) vs forecast date (Y), same scale,
    one line per milestone, the diagonal dashed."""
    data = XyChartData()
    for _, rows in trends.groupby("id", sort=False):
        series = data.add_series(str(rows["milestone"].iloc[0]))
        for r, f in zip(rows["reporting_date"], rows["forecast_date"], strict=True):
            series.add_data_point(_serial(r), _serial(f))
    lo = _serial(min(trends["reporting_date"].min(), trends["forecast_date"].min()))
    hi = _serial(max(trends["reporting_date"].max(), trends["forecast_date"].max()))
    diag = data.add_series(diagonal)
    diag.add_data_point(lo, lo)
    diag.add_data_point(hi, hi)
    graphic = _new_chart(slide, XL_CHART_TYPE.XY_SCATTER_LINES, left, top, width, height,
                         data, title, 8, card)
    chart = graphic.chart
    for axis in (chart.category_axis, chart.value_axis):
        axis.minimum_scale, axis.maximum_scale = lo, hi + 1
        axis.tick_labels.number_format = "dd/mm/yy"
        axis.tick_labels.number_format_is_linked = False
        axis.tick_labels.font.size = Pt(8)
    last = chart.plots[0].series[-1]
    last.format.line.color.rgb = RGBColor(0xA5, 0xA5, 0xA5)
    last.format.line.dash_style = 4  # dash
    return graphic
