"""A clustered column chart written as its XML in one piece.

Every project slide has one (workload per month): python-pptx builds its XML from a
template, then each styling step (title, legend, fonts, colours, axis ids, card) is a
proxy round trip — ~2 ms a chart, the largest part of a project slide. This writes the
same chart part python-pptx and ``parts.add_chart`` together write, byte for byte (a
test compares them); its embedded workbook still comes from python-pptx.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from pptx.chart.data import CategoryChartData
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.parts.chart import ChartPart
from pptx.parts.embeddedpackage import EmbeddedXlsxPart

_NS = ('xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_FONT = '<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{sz}"/></a:pPr></a:p></c:txPr>'
_CARD = ('<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>'
         '<a:ln><a:noFill/></a:ln></c:spPr>')


def _column(n: int) -> str:
    """The workbook column of the ``n``-th series (B for the first)."""
    letters, n = "", n + 2
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _points(values: Sequence[object]) -> str:
    return "".join(f'<c:pt idx="{i}"><c:v>{escape(str(v))}</c:v></c:pt>'
                   for i, v in enumerate(values) if v is not None)


def column_chart_xml(title: str, categories: Sequence[str],
                     series: Sequence[tuple[str, Sequence[float | None], str | None]],
                     ink: str, legend_size: float, card: bool) -> bytes:
    """The chart part: ``series`` as (name, values, fill colour or None), text in
    ``ink``."""
    n = len(categories)
    cat = (f'<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${n + 1}</c:f><c:strCache>'
           f'<c:ptCount val="{n}"/>{_points(categories)}</c:strCache></c:strRef></c:cat>')
    sers = []
    for i, (name, values, colour) in enumerate(series):
        col = _column(i)
        sers.append(
            f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/><c:tx><c:strRef>'
            f'<c:f>Sheet1!${col}$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0">'
            f'<c:v>{escape(name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>'
            + (f'<c:spPr><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></c:spPr>'
               if colour else "") + cat +
            f'<c:val><c:numRef><c:f>Sheet1!${col}$2:${col}${n + 1}</c:f><c:numCache>'
            f'<c:formatCode>General</c:formatCode><c:ptCount val="{n}"/>{_points(values)}'
            f'</c:numCache></c:numRef></c:val></c:ser>')
    return (
        f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<c:chartSpace {_NS}>"
        f'<c:date1904 val="0"/><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/>'
        f'<a:p><a:r><a:rPr sz="1300"><a:solidFill><a:srgbClr val="{ink}"/></a:solidFill>'
        f'</a:rPr><a:t>{escape(title)}</a:t></a:r></a:p></c:rich></c:tx><c:layout/>'
        f'<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea>'
        f'<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>{"".join(sers)}'
        f'<c:axId val="50000"/><c:axId val="50001"/></c:barChart><c:catAx>'
        f'<c:axId val="50000"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="b"/><c:majorTickMark val="out"/>'
        f'<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>{_FONT.format(sz=900)}'
        f'<c:crossAx val="50001"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        f'<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="50001"/><c:scaling/><c:delete val="0"/><c:axPos val="l"/>'
        f'<c:majorGridlines/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
        f'<c:tickLblPos val="nextTo"/>{_FONT.format(sz=900)}<c:crossAx val="50000"/>'
        f'<c:crosses val="autoZero"/></c:valAx></c:plotArea><c:legend><c:legendPos val="b"/>'
        f'<c:overlay val="0"/>{_FONT.format(sz=round(legend_size * 100))}</c:legend>'
        f'<c:dispBlanksAs val="gap"/></c:chart>{_CARD if card else ""}<c:txPr><a:bodyPr/>'
        f'<a:lstStyle/><a:p><a:pPr><a:defRPr><a:solidFill><a:srgbClr val="{ink}"/>'
        f'</a:solidFill></a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>'
        f'<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData>'
        f'</c:chartSpace>').encode()


def add_column_chart_part(slide, data: CategoryChartData, xml: bytes) -> str:
    """The chart part (with its embedded workbook, from ``data``) related to ``slide``:
    its relationship id."""
    package = slide.part.package
    part = ChartPart.load(package.next_partname(ChartPart.partname_template), CT.DML_CHART,
                          package, xml)
    # Its workbook, under the relationship id the XML names (the part's first).
    part.relate_to(EmbeddedXlsxPart.new(data.xlsx_blob, package), RT.PACKAGE)
    return slide.part.relate_to(part, RT.CHART)
