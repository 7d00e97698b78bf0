"""The COPIL deck's slides, in a typical steering-committee order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Emu

from pmo_xl.deck.background import Palette, background_colour, theme_colours
from pmo_xl.deck.geometry import TITLE_TYPES, Rect, rect_of, xml_rect
from pmo_xl.deck.layouts import Layouts
from pmo_xl.deck.parts import (
    ROW_HEIGHT,
    add_bubbles,
    add_chart,
    add_slide,
    add_table,
    add_text,
    capacity,
    first_slide_id,
    freeze,
    placeholders_of,
    set_title,
    wrap_lines,
)
from pmo_xl.deck.roadmap import AXIS_HEIGHT, MIN_LANE, TODAY_HEIGHT, draw_roadmap
from pmo_xl.exceptions import PmoXlError
from pmo_xl.figures import View, figure, rows_of, term, texts, view
from pmo_xl.history.wow import portfolio_change
from pmo_xl.kpis.milestones import committee_order
from pmo_xl.kpis.portfolio import largest_overruns, risk_heatmap, s_curve
from pmo_xl.kpis.risks import criticality_class, is_open
from pmo_xl.model import Portfolio
from pmo_xl.schema import text
from pmo_xl.schema.contract import (
    BAD,
    CRITICALITY_CLASS,
    DECISION_STATUS,
    DONE,
    MILESTONE_STATUS,
    NO_REPORT,
    PENDING,
    REPORTING,
)
from pmo_xl.schema.model import Choices, Tone
from pmo_xl.schema.rules import Severity

SUMMARY_ROWS = 12
LIST_ROWS = 10
LIST_PAGES = 3  # a COPIL reads the first 30; the rest is in the master workbook
CHART_PROJECTS = 20  # bars a static chart can still show readably
TOP_RISKS = 8
GAP = Emu(200000)  # between charts side by side or one above the other
COST_BELOW_MIN = Emu(5120640)  # 5.6 in: a shorter area puts the cost on a slide of its own

# The deck's own words; what a figure is called comes from the registry of figures.
TEXT = {
    "en": dict(
        copil="Steering committee", summary="Portfolio status", charts="Portfolio figures",
        roadmap="Roadmap", risks="Risks", decisions="Decisions requested",
        quality="Appendix: data quality", none="None this time.",
        cont="(continued)", more="… and {n} more: see the master workbook.",
        eac_chart_top="EAC vs budget (days): the {n} largest overruns of {total} projects",
        scurve="S-curve (cumulative days)", top_risks="Top open risks",
        files="files left out", changes="Since the last report", evm="EVM",
        priorities="Portfolio priorities", workload="Workload (days per month)",
        last_report="last report {date}", and_more="… and {n} more: {names}",
        next_slide="… and {n} more on the next slide",
        not_in_charts="{n} expected project(s) sent no report: not in these figures.",
        resources="Resource conflicts",
        resources_note="People over {capacity} days a month, all projects together (load = "
                       "actual + remaining), most days over first.",
        no_conflicts="No one over {capacity} days a month.",
        more_over="… and {n} more over capacity: see the master workbook's {sheet} sheet.",
        charts_cost="Portfolio figures — cost",
        cost_chart="EAC cost vs budget per project ({currency})",
        cost_chart_top="EAC cost vs budget ({currency}): the {n} largest overruns of {total} "
                       "projects",
        cost_total="Portfolio cost: {n} of {total} projects priced"),
    "fr": dict(
        copil="Comité de pilotage", summary="Météo du portefeuille", charts="Chiffres clés",
        roadmap="Feuille de route", risks="Risques", decisions="Décisions attendues",
        quality="Annexe : qualité des données", none="Aucune cette fois.", cont="(suite)",
        more="… et {n} de plus : voir le classeur maître.",
        eac_chart_top="Réestimé vs budget (j/h) : les {n} plus gros dépassements sur {total}",
        scurve="Courbe en S (j/h cumulés)", top_risks="Principaux risques ouverts",
        files="fichiers écartés", changes="Depuis le dernier reporting", evm="Valeur acquise",
        priorities="Priorités du portefeuille", workload="Charges (j/h par mois)",
        last_report="dernier reporting {date}", and_more="… et {n} de plus : {names}",
        next_slide="… et {n} de plus sur la diapositive suivante",
        not_in_charts="{n} projet(s) attendu(s) sans reporting : absent(s) de ces chiffres.",
        resources="Conflits de ressources",
        resources_note="Personnes au-delà de {capacity} jours par mois, tous projets confondus "
                       "(charge = consommé + reste à faire), les plus en dépassement d'abord.",
        no_conflicts="Personne au-delà de {capacity} jours par mois.",
        more_over="… et {n} de plus au-delà de la capacité : voir l'onglet {sheet} du classeur "
                  "maître.",
        charts_cost="Chiffres clés — coûts",
        cost_chart="Coût réestimé vs budget par projet ({currency})",
        cost_chart_top="Coût réestimé vs budget ({currency}) : les {n} plus gros dépassements "
                       "sur {total}",
        cost_total="Coûts du portefeuille : {n} projet(s) chiffré(s) sur {total}"),
}


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour)


class DeckLayoutError(PmoXlError):
    """A shape would fall outside its slide: a bug in the deck's layout, never shipped."""


def _placed(slide, el, inherited: dict[tuple[int, int], Rect | None]) -> Rect | None:
    """A shape element's rectangle: its own (read from its XML), else, for a placeholder
    placed by its layout, the layout's, looked up once per layout and placeholder."""
    own = xml_rect(el)
    if own is not None:
        return own
    ph = el.find(f"{_NV}/{_PH}") if el.tag != _GRAPHIC_FRAME else None
    if ph is None:
        return None
    key = (id(slide.slide_layout), int(ph.get("idx", 0)))
    if key not in inherited:
        shape = next(s for s in slide.shapes if s._element is el)
        inherited[key] = rect_of(shape)
    return inherited[key]


_PML = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_NV = f"*/{_PML}nvPr"
_PH = f"{_PML}ph"
_GRAPHIC_FRAME = f"{_PML}graphicFrame"
_LINE_TAG = f"{_PML}cxnSp"
_SHAPE_TAGS = {f"{_PML}{t}" for t in ("sp", "pic", "graphicFrame", "grpSp", "cxnSp")}


_NO_MONTHS = pd.DataFrame({"planned": [], "actual": [], "remaining": []}, dtype="float64")


class Deck:
    def __init__(self, prs, lay: Layouts, portfolio: Portfolio, lang: str) -> None:
        self.prs, self.lay, self.p, self.lang = prs, lay, portfolio, lang
        self.mta: pd.DataFrame | None = None
        self.missing_count = 0  # expected projects not reported, among those shown
        ms = portfolio.milestones  # in the order a committee reads them, sorted once
        self.milestones_in_order = committee_order(ms, MILESTONE_STATUS.means(ms["status"],
                                                                              DONE))
        risks = portfolio.risks  # a project slide's risks: open ones, most critical first
        self.open_risks_first = risks[is_open(risks["status"]).to_numpy()].sort_values(
            ["criticality", "source_row"], ascending=[False, True], kind="stable")
        self.t = TEXT[lang]
        self.size = Rect(0, 0, int(prs.slide_width), int(prs.slide_height))
        self.canvas = lay.area  # below the title, off the template's logos and bands
        layout = lay.content.layout
        self.palette = Palette.on(background_colour(layout, self.size.width, self.size.height),
                                  theme_colours(layout.slide_master))
        self._rows: dict[int, dict[object, np.ndarray]] = {}
        self._records: dict[int, dict[object, list[dict[str, Any]]]] = {}
        self.drawn: set | None = None  # the projects that get a slide (None: all)
        self._per_month: dict[object, pd.DataFrame] | None = None
        self._slide_id = first_slide_id(prs)
        self._cloned: dict[tuple[int, tuple], tuple[list, int | None]] = {}
        self._open: list[tuple[Any, str]] = []  # slides drawn, not yet checked and frozen
        self._settled = 0
        self._inherited: dict[tuple[int, int], Rect | None] = {}  # layouts' placeholders

    def of_project(self, table: pd.DataFrame, code: object) -> pd.DataFrame:
        """Rows of ``table`` for one project (the milestone trend's); the table is grouped
        once, not scanned once per slide."""
        groups = self._rows.get(id(table))
        if groups is None:
            groups = self._rows[id(table)] = table.groupby("project", sort=False).indices
        return table.iloc[groups.get(code, np.empty(0, dtype=np.int64))]

    def records_of_project(self, table: pd.DataFrame, code: object) -> list[dict[str, Any]]:
        """Rows of ``table`` for one project as records, in the table's order; the rows of
        every project that gets a slide are converted at once, not sliced a hundred
        times."""
        groups = self._records.get(id(table))
        if groups is None:
            groups = self._records[id(table)] = {}
            if self.drawn is not None:
                table = table[table["project"].isin(self.drawn)]
            for rec in rows_of(table):
                groups.setdefault(rec["project"], []).append(rec)
        return groups.get(code, [])

    def workload_per_month(self, code: object) -> pd.DataFrame:
        """A project's planned, actual and remaining days per month (months in order),
        grouped once for all projects."""
        if self._per_month is None:
            wl = self.p.workload
            sums = wl.groupby(["project", "month"])[["planned", "actual", "remaining"]].sum()
            self._per_month = {code: part.droplevel("project")
                               for code, part in sums.groupby(level="project", sort=False)}
        return self._per_month.get(code, _NO_MONTHS)

    def slide(self, title: str, layout=None, keep: tuple = TITLE_TYPES, size: float = 30,
              min_size: float = 18):
        """A content slide with its title; of the layout's placeholders, only those of
        the ``keep`` types."""
        layout = layout or self.lay.content.layout
        key = (id(layout), keep)
        if key not in self._cloned:  # what a slide on this layout keeps, and its title width
            self._cloned[key] = placeholders_of(layout, keep), None
        placeholders, width = self._cloned[key]
        slide, r_id = add_slide(self.prs, layout, self._slide_id, placeholders)
        self._slide_id += 1
        self._open.append((slide, r_id))
        if width is None and slide.shapes.title is not None:
            width = slide.shapes.title.width
            self._cloned[key] = placeholders, width
        set_title(slide, title, size, min_size, width)
        return slide

    def text(self, slide, left: int, top: int, width: int, height: int, words: str, *,
             color: str | None = None, **style: Any):
        """Text on the slide's background, in a colour that reads on it."""
        return add_text(slide, left, top, width, height, words,
                        color=rgb(color or self.palette.ink), **style)

    def rows_fitting(self, height: int, row_height: int = ROW_HEIGHT,
                     head_height: int | None = None) -> int:
        """How many table rows fit ``height`` under a header (at least one)."""
        head = int(row_height * 1.7) if head_height is None else head_height
        return max(1, (height - head) // row_height)

    def settle(self) -> None:
        """Check the slides drawn since the last call and keep them as bytes (``freeze``):
        called after each project, so a long deck never holds all its XML trees."""
        for slide, r_id in self._open:
            self._settled += 1
            self._check_geometry(self._settled, slide)
            freeze(self.prs, slide, r_id)
        self._open.clear()

    def _check_geometry(self, n: int, slide) -> None:
        """Every shape inside its slide with a size above zero, before the deck is saved:
        a template's geometry must never push content off the page."""
        for el in slide._element.cSld.spTree.iterchildren(*_SHAPE_TAGS):
            r = _placed(slide, el, self._inherited)
            if r is not None and not (r.width and r.height) and el.tag == _LINE_TAG:
                r = Rect(r.left, r.top, max(r.width, 1), max(r.height, 1))  # a line
            if r is not None and not r.inside(self.size):
                name = el.find(f"*/{_PML}cNvPr")
                raise DeckLayoutError(
                    f"slide {n}: '{'' if name is None else name.get('name')}' at {r} is "
                    f"outside the slide {self.size.width}×{self.size.height}")

    def word(self, choices: Choices, value: object) -> str:
        return choices.translate(value, self.lang) if isinstance(value, str) else text.DASH

    def label(self, table: str, key: str) -> str:
        return figure(table, key).label(self.lang)

    def short(self, table: str, key: str) -> str:
        return figure(table, key).short(self.lang)

    def table(self, v: View, records: pd.DataFrame | Iterable[dict[str, Any]]) -> Table:
        """A view's headers, rows as text and fills (by their words' tones), weights."""
        figs = v.figures
        if isinstance(records, pd.DataFrame):
            if not any(f.render for f in figs):  # only the view's columns: a wide table's
                records = records[[c for c in v.columns if c in records.columns]]
            records = rows_of(records)
        else:
            records = list(records)
        fills = {(r, c): f.choices.tone(rec.get(f.key))
                 for r, rec in enumerate(records) for c, f in enumerate(figs)
                 if f.choices is not None and f.choices.tone(rec.get(f.key)) is not None}
        headings = [f.heading(self.lang) for f in figs]
        rows = texts(v, records, self.lang)
        weights = [_weight(f, h, [row[c] for row in rows])
                   for c, (f, h) in enumerate(zip(figs, headings, strict=True))]
        return Table(headings, rows, fills, weights)

    def paged(self, title: str, rows: list, per_page: int, continued_only: bool = False):
        """(slide, first row, rows) per page; a '(continued)' title after the first (on
        every page when they continue a slide already made)."""
        pages = [rows[i:i + per_page] for i in range(0, len(rows), per_page)] or [[]]
        for i, chunk in enumerate(pages):
            cont = continued_only or i > 0
            yield (self.slide(f"{title} {self.t['cont']}" if cont else title),
                   i * per_page, chunk)


def _weight(fig, heading: str, cells: list[str]) -> float:
    """A column is as wide as its kind wants, and never narrower than its header's longest
    word (headers take two lines) nor its longest cell (rows take one)."""
    longest = max([len(w) + 2 for w in heading.split()] + [len(c) for c in cells],
                  default=0)  # header words are bold
    return min(max(fig.column_width, longest + 2), 30) / 10


@dataclass
class Table:
    """A slide table: headers, rows as text, fills by (row, column), column weights."""

    headers: list[str]
    rows: list[list[str]]
    fills: dict[tuple[int, int], Tone]
    weights: list[float]

    def page(self, first: int, count: int) -> tuple[list[list[str]], dict]:
        """Rows ``first`` to ``first + count`` and their fills, renumbered from 0."""
        fills = {(r - first, c): rgb(t.fill) for (r, c), t in self.fills.items()
                 if first <= r < first + count}
        return self.rows[first:first + count], fills


def title_slide(d: Deck) -> None:
    """The deck's title and reporting date: on the template's title layout, or, without
    one, on a content slide with the date drawn under the title."""
    name = d.p.name(d.lang)
    when = text.date(d.p.reporting_date) if d.p.reporting_date else ""
    heading = f"{d.t['copil']} — {name}"
    if d.lay.title_drawn:
        slide = d.slide(heading)
        c = d.canvas
        d.text(slide, c.left, c.top, c.width, min(Emu(600000), c.height), when, size=24,
               min_size=14, bold=True)
        return
    slide = d.slide(heading, d.lay.title.layout, (*TITLE_TYPES, PP_PLACEHOLDER.SUBTITLE),
                    40, 24)
    subtitle = next((ph for ph in slide.placeholders
                     if ph.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE), None)
    if subtitle is not None:
        subtitle.text = when
    if subtitle is None and when:  # the date under the title, where the title leaves room
        title = slide.shapes.title
        top = title.top + title.height if title is not None else d.canvas.top
        height = min(Emu(500000), d.size.height - top - Emu(91440))
        if height > Emu(200000):
            layout_bg = Palette.on(background_colour(d.lay.title.layout, d.size.width,
                                                     d.size.height))
            d.text(slide, title.left if title is not None else d.canvas.left, top,
                   title.width if title is not None else d.canvas.width, height, when,
                   size=20, min_size=12, color=layout_bg.ink)


MESSAGE_SIZES = (16.0, 15.0, 14.0, 13.0, 12.0, 11.0)  # the largest that holds them all


def messages_slides(d: Deck, lines: list[str]) -> None:
    """The key messages, after the title, on one slide in the largest size that holds
    them all (a blank line between messages when there is room); only when even the
    smallest cannot, the rest continues on the next slide, every sentence whole."""
    c = d.canvas
    for size in MESSAGE_SIZES:
        per_line, rows = capacity(c.width, c.height, size)
        blocks = [[("• " if i == 0 else "  ") + part
                   for i, part in enumerate(wrap_lines(line, per_line - 2))] for line in lines]
        tight = sum(len(b) for b in blocks)
        if tight <= rows:
            break
    spaced = tight + len(blocks) - 1 <= rows
    pages: list[list[str]] = [[]]
    for block in blocks:
        if pages[-1] and len(pages[-1]) + len(block) > rows:
            pages.append([])  # a message that does not fit starts the next slide
        for part in block:
            if len(pages[-1]) >= rows:
                pages.append([])
            pages[-1].append(part)
        if spaced or (tight > rows and len(pages[-1]) < rows):
            pages[-1].append("")  # a blank line between messages
    title = term("key_messages", d.lang)
    for i, page in enumerate(pages):
        slide = d.slide(title if i == 0 else f"{title} {d.t['cont']}")
        d.text(slide, c.left, c.top, c.width, c.height, "\n".join(page).rstrip("\n"),
               size=size, min_size=size)


def others_slides(d: Deck, projects: pd.DataFrame) -> None:
    """With management by exception, the projects without one: a line each."""
    if not len(projects):
        return
    table = d.table(view("deck_others"), projects)
    per_page = d.rows_fitting(d.canvas.height)
    for slide, first, chunk in d.paged(term("other_projects", d.lang), table.rows, per_page):
        rows, fills = table.page(first, len(chunk))
        add_table(slide, d.canvas.left, d.canvas.top, d.canvas.width, table.headers, rows,
                  table.weights, fills=fills)


def summary_slides(d: Deck, projects: pd.DataFrame, missing: pd.DataFrame) -> None:
    """Every project's status; the expected ones that sent nothing stay, at the end, their
    status cells saying so in grey and their last figures dated."""
    c = d.canvas
    v = view("deck_status")
    table = d.table(v, [*rows_of(projects), *(_not_reported(d, m) for m in rows_of(missing))])
    word, tone = REPORTING.translate(NO_REPORT, d.lang), REPORTING.tone(NO_REPORT)
    for key in ("status", "computed_status"):
        col = v.columns.index(key)
        for r in range(len(projects), len(table.rows)):
            table.rows[r][col], table.fills[(r, col)] = word, tone
        table.weights[col] = max(table.weights[col],
                                 _weight(v.figures[col], table.headers[col], [word]))
    per_page = min(SUMMARY_ROWS, d.rows_fitting(c.height))
    for slide, first, chunk in d.paged(d.t["summary"], table.rows, per_page):
        rows, fills = table.page(first, len(chunk))
        add_table(slide, c.left, c.top, c.width, table.headers, rows, table.weights,
                  fills=fills)


def _not_reported(d: Deck, rec: dict[str, Any]) -> dict[str, Any]:
    """A missing project's record: its name says since when its figures date."""
    rec = dict(rec)
    when = rec.get("as_of")
    rec["name"] = (f"{text.DASH if pd.isna(rec.get('name')) else rec['name']} "
                   f"({d.t['last_report'].format(date=text.date(when))})" if pd.notna(when)
                   else rec.get("name"))
    return rec


def chart_slide(d: Deck, projects: pd.DataFrame) -> None:
    """EAC vs budget in days and the S-curve; where projects are priced, EAC cost vs
    budget cost per project and the portfolio's total: under them when the area is tall
    enough, else on a slide of its own."""
    t, c = d.t, d.canvas
    slide = d.slide(t["charts"])
    half = (c.width - GAP) // 2
    note = Emu(300000) if d.missing_count else 0
    height = c.height - note
    priced = projects[projects["eac_cost"].notna() & projects["budget_cost"].notna()]
    below = len(priced) > 0 and c.height >= COST_BELOW_MIN
    top_height = int((height - GAP) * 0.58) if below else height
    shown, title = projects, term("eac_chart", d.lang)
    if len(projects) > CHART_PROJECTS:
        shown = largest_overruns(projects, CHART_PROJECTS)
        title = t["eac_chart_top"].format(n=CHART_PROJECTS, total=len(projects))
    add_chart(slide, "column", c.left, c.top, half, top_height, list(shown["project"]),
              {d.short("projects", "budget_days"): shown["budget_days"].tolist(),
               d.short("projects", "eac_days"): shown["eac_days"].tolist()}, title,
              card=d.palette.card, ink=rgb(d.palette.ink))
    workload = d.p.workload
    if len(projects) < len(d.p.projects):  # a deck for some projects: their S-curve
        workload = workload[workload["project"].isin(set(projects["project"])).to_numpy()]
    curve = s_curve(workload)
    add_chart(slide, "line", c.left + half + GAP, c.top, half, top_height,
              [m.strftime("%m/%y") for m in curve.index],
              {d.short("workload", "planned"): curve["planned_cum"].tolist(),
               d.label("workload", "forecast"): curve["forecast_cum"].tolist()}, t["scurve"],
              card=d.palette.card, ink=rgb(d.palette.ink))
    if below:
        cost_figures(d, slide, priced, len(projects), c.top + top_height + GAP,
                     height - top_height - GAP)
    if d.missing_count:
        d.text(slide, c.left, c.top + height, c.width, note,
               t["not_in_charts"].format(n=d.missing_count), size=11)
    if len(priced) and not below:
        slide = d.slide(t["charts_cost"])
        cost_figures(d, slide, priced, len(projects), c.top, height)
        if d.missing_count:
            d.text(slide, c.left, c.top + height, c.width, note,
                   t["not_in_charts"].format(n=d.missing_count), size=11)


def cost_figures(d: Deck, slide, priced: pd.DataFrame, total: int, top: int,
                 height: int) -> None:
    """EAC cost vs budget cost per priced project (the largest overruns when many) under
    the days chart, and the portfolio's total beside it."""
    c, t, cur = d.canvas, d.t, d.p.settings.currency
    half = (c.width - GAP) // 2
    shown, title = priced, t["cost_chart"].format(currency=cur)
    if len(priced) > CHART_PROJECTS:
        shown = largest_overruns(priced, CHART_PROJECTS, "eac_cost", "budget_cost")
        title = t["cost_chart_top"].format(currency=cur, n=CHART_PROJECTS, total=len(priced))
    chart = add_chart(slide, "column", c.left, top, half, height, list(shown["project"]),
                      {d.short("projects", "budget_cost"): shown["budget_cost"].tolist(),
                       d.short("projects", "eac_cost"): shown["eac_cost"].tolist()}, title,
                      card=d.palette.card, ink=rgb(d.palette.ink)).chart
    chart.value_axis.tick_labels.number_format = "#,##0"
    chart.value_axis.tick_labels.number_format_is_linked = False
    budget, eac = float(priced["budget_cost"].sum()), float(priced["eac_cost"].sum())
    over = text.money(eac - budget, d.lang, cur, signed=True)
    if budget:
        over += f" ({text.percent(eac / budget - 1, d.lang, signed=True, decimals=1)})"
    rows = [[d.short("projects", "budget_cost"), text.money(budget, d.lang, cur)],
            [d.short("projects", "eac_cost"), text.money(eac, d.lang, cur)],
            [d.short("projects", "budget_variance_cost"), over]]
    fills = {(2, 1): rgb(BAD.fill)} if eac > budget else {}
    add_table(slide, c.left + half + GAP, top, half,
              [t["cost_total"].format(n=len(priced), total=total), d.label("resources", "total")],
              rows, [1.3, 1.2],
              fills=fills)


def roadmap_slides(d: Deck, projects: pd.DataFrame) -> None:
    per_page = max(1, min(12, (d.canvas.height - AXIS_HEIGHT - TODAY_HEIGHT) // MIN_LANE))
    today = pd.Timestamp(d.p.reporting_date or d.p.run_at.date())
    for i in range(0, max(len(projects), 1), per_page):
        chunk = projects.iloc[i:i + per_page]
        title = d.t["roadmap"] if i == 0 else f"{d.t['roadmap']} {d.t['cont']}"
        slide = d.slide(title)
        if len(chunk):
            c = d.canvas
            draw_roadmap(slide, chunk, d.p.milestones, today, c, text.date(today), d.palette)


def risk_slide(d: Deck) -> None:
    t, c = d.t, d.canvas
    slide = d.slide(t["risks"])
    scale = d.p.settings.risk_scale
    grid = risk_heatmap(d.p.risks, scale)
    side = min(c.height - Emu(400000), Emu(3600000), int(c.width * 0.42))
    cell = int(min(side / (scale + 1), (c.height - Emu(350000)) / (scale + 1.7)))  # square
    d.text(slide, c.left, c.top, side, Emu(300000), f"{d.label('projects', 'open_risks')} — "
           f"{d.label('risks', 'probability')} ↓ × {d.label('risks', 'impact')} →", size=12,
           bold=True)
    rows = [[int(p), *[int(v) or "" for v in grid.loc[p]]] for p in grid.index]
    fills = {}
    for r, p in enumerate(grid.index):
        for j, i in enumerate(grid.columns):
            klass = criticality_class(pd.Series([float(p * i)]), scale).iloc[0]
            fills[(r, j + 1)] = rgb(CRITICALITY_CLASS.tone(klass).fill)
    add_table(slide, c.left, c.top + Emu(350000), side, ["", *map(str, grid.columns)], rows,
              [0.6] + [1] * len(grid.columns), size=14, row_height=cell,
              fills=fills, center=True)
    ranked = d.open_risks_first.sort_values(["criticality", "project"],
                                            ascending=[False, True], kind="stable")
    room = d.rows_fitting(c.height - Emu(350000) - Emu(380000))  # title above, note below
    shown = min(TOP_RISKS, room)
    top = ranked.head(shown)
    left = c.left + side + Emu(300000)
    d.text(slide, left, c.top, c.width - side - Emu(300000), Emu(300000), t["top_risks"],
           size=12, bold=True)
    table = d.table(view("deck_top_risks"), top)
    shape = add_table(slide, left, c.top + Emu(350000), c.width - side - Emu(300000),
                      table.headers, table.rows, table.weights, size=10)
    if len(ranked) > shown:  # never cut silently: how many more, and where they are
        d.text(slide, left, shape.top + shape.height + Emu(80000),
               c.width - side - Emu(300000), Emu(300000),
               t["more"].format(n=len(ranked) - shown), size=10)


def list_slides(d: Deck, title: str, table: Table) -> None:
    c = d.canvas
    per_page = min(LIST_ROWS, d.rows_fitting(c.height - Emu(500000)))  # room for "… more"
    limit = per_page * LIST_PAGES
    shown, hidden = table.rows[:limit], len(table.rows) - limit
    pages = list(d.paged(title, shown, per_page))
    for i, (slide, first, chunk) in enumerate(pages):
        if chunk:
            rows, fills = table.page(first, len(chunk))
            shape = add_table(slide, c.left, c.top, c.width, table.headers, rows, table.weights,
                              fills=fills)
            if hidden > 0 and i == len(pages) - 1:
                d.text(slide, c.left, shape.top + shape.height + Emu(100000), c.width,
                       Emu(400000), d.t["more"].format(n=hidden), size=12)
        else:
            d.text(slide, c.left, c.top, c.width, min(Emu(500000), c.height), d.t["none"],
                   size=16)


def decision_and_action_slides(d: Deck, codes: set[str]) -> None:
    dec = d.p.decisions
    dec = dec[dec["project"].isin(codes) & DECISION_STATUS.means(dec["status"], PENDING)]
    dec = dec.sort_values(["needed_by", "project"], na_position="last")
    list_slides(d, d.t["decisions"], d.table(view("deck_decisions"), dec))
    act = d.p.actions
    act = act[act["project"].isin(codes) & act["overdue"]].sort_values(["due_date", "project"])
    list_slides(d, d.label("projects", "overdue_actions"),
                d.table(view("deck_actions"), act))


def quality_slide(d: Deck, codes: set[str]) -> None:
    f = d.p.findings
    records = []
    for code, group in f[f["project"].isin(codes)].groupby("project"):
        records.append({"project": code,
                        "errors": int((group["severity"] == Severity.ERROR).sum()),
                        "warnings": int((group["severity"] == Severity.WARNING).sum()),
                        "top_rule": group["rule"].value_counts().index[0]})
    left_out = int((~d.p.sources["used"]).sum())
    title = f"{d.t['quality']} — {left_out} {d.t['files']}" if left_out else d.t["quality"]
    list_slides(d, title, d.table(view("deck_quality"), records))


def project_slide(d: Deck, p: pd.Series) -> None:
    from pmo_xl.deck.project import draw_project

    draw_project(d, p)


def priority_slide(d: Deck, projects: pd.DataFrame) -> None:
    """Value vs complexity bubbles (size = EAC cost) and the ranking's top ten."""
    c = d.canvas
    ranked = projects.sort_values(["priority_rank", "project"], na_position="last")
    scored = ranked.dropna(subset=["value", "complexity"]).head(30)
    slide = d.slide(d.t["priorities"])
    half = int(c.width * 0.55)
    if len(scored):
        top_cost = scored["eac_cost"].max(skipna=True)
        points = [(p["project"], float(p["complexity"]), float(p["value"]),
                   float(p["eac_cost"]) if pd.notna(p["eac_cost"]) and top_cost
                   else 1.0) for _, p in scored.iterrows()]
        add_bubbles(slide, c.left, c.top, half, c.height, points, term("bubbles", d.lang),
                    d.short("projects", "complexity"), d.short("projects", "value"),
                    card=d.palette.card)
    else:
        d.text(slide, c.left, c.top, half, min(Emu(800000), c.height), term("no_scores", d.lang),
               size=16)
    table = d.table(view("deck_priorities"), ranked.head(min(10, d.rows_fitting(c.height,
                                                                               Emu(300000)))))
    add_table(slide, c.left + half + Emu(200000), c.top, c.width - half - Emu(200000),
              table.headers, table.rows, table.weights, size=10, row_height=Emu(300000))


def changes_slides(d: Deck, changes: pd.DataFrame, codes: set[str]) -> None:
    """What moved since the last report, worst drift first, under the portfolio's line."""
    ch = changes[changes["project"].isin(codes)].sort_values(
        ["drift_pct", "project"], ascending=[False, True], na_position="last")
    total = {**portfolio_change(ch), "project": term("portfolio", d.lang)}
    list_slides(d, d.t["changes"], d.table(view("deck_changes"),
                                           [total, *rows_of(ch)]))

