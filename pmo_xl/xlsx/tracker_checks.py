"""Live checks: the engine's rules as conditional formats, and a count of what they flag.

A PM sees in red, while typing, the cells the consolidation would report (a blank required
value, text in a date, an actual in a future month…) and, on the card, how many are left
before sending. Each check is made from the schema (its fields' types and flags, its
enumerations' meanings) as Excel conditions that hold for one cell (the conditional
format) and for a whole range at once (the SUMPRODUCT that counts them), so the count is
exactly what is coloured. Only classic functions: Excel 2010+ and LibreOffice agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pmo_xl.schema.contract import ACTION_STATUS, DONE, MILESTONE_STATUS, PROJECT, WORKLOAD
from pmo_xl.schema.grid import IDENTIFYING, MEASURES, VALUE_KEYS
from pmo_xl.schema.model import Choices, FieldType, Sheet
from pmo_xl.xlsx.tracker_grid import GridLayout
from pmo_xl.xlsx.tracker_style import (
    AS_OF,
    CARD_FIRST_ROW,
    COUNTER_COL,
    COUNTER_HELP,
    COUNTER_LABEL_COL,
    COUNTER_ROW,
    COUNTER_TEXT,
    REPORTING_DATE,
    TABLE_HEADER_ROW,
    VALIDATION_ROWS,
    Formats,
)

# Text in a typed cell is the finding the engine gives when it cannot read it.
TYPED_RULE = {FieldType.DATE: "VALUE_NOT_DATE", FieldType.MONTH: "VALUE_NOT_DATE",
              FieldType.NUMBER: "VALUE_NOT_NUMBER", FieldType.INTEGER: "VALUE_NOT_NUMBER"}
REPORTED = f"{AS_OF}>0"  # the card has a reporting date
CARD_COUNTER = (1, 1)  # the card's count: under its title, above its labels
# Days in a month on the wrong side of the reporting month: rule, measure, month test.
MONTH_RULES = (
    ("ACTUAL_IN_FUTURE", "actual", f"{{month}}>EOMONTH({AS_OF},0)"),
    ("REMAINING_IN_PAST", "remaining", f"{{month}}<EOMONTH({AS_OF},-1)+1"),
)
OVERDUE = "overdue_actions"  # a management signal (the figure's key), not a mistake

Cells = tuple[int, int, int, int]  # first row, first col, last row, last col
Refs = Mapping[str, tuple[str, str]]  # placeholder -> (for the first cell, for the range)


@dataclass(frozen=True)
class Check:
    """One rule on a block of cells: its conditional format and its count."""

    rule: str  # the finding code the engine would give (or the signal's figure)
    counted: bool  # a point to fix; False for a signal shown but not counted
    sheet: str
    cells: Cells
    when: str  # the conditional format's formula, for the block's first cell
    count: str  # how many cells of the block it flags, as an Excel expression


@dataclass(frozen=True)
class Place:
    """Where a sheet's fields are in the workbook, for its checks."""

    sheet: Sheet
    name: str
    cells: Mapping[str, Cells]  # field key -> its cells (one column of rows, or one cell)
    computed: frozenset[str] = field(default_factory=frozenset)  # formulas, not typed

    def refs(self) -> dict[str, tuple[str, str]]:
        out = {}
        for key, (r0, c0, r1, c1) in self.cells.items():
            one = (r0, c0) == (r1, c1)
            out[key] = (xl_rowcol_to_cell(r0, c0, row_abs=one, col_abs=True),
                        xl_rowcol_to_cell(r0, c0, True, True) if one
                        else xl_range_abs(r0, c0, r1, c1))
        return out


def table_place(sheet: Sheet, name: str, computed: frozenset[str] = frozenset()) -> Place:
    """A table written from its header row down, one field per column in schema order."""
    first, last = TABLE_HEADER_ROW + 1, TABLE_HEADER_ROW + VALIDATION_ROWS
    return Place(sheet, name, {f.key: (first, c, last, c) for c, f in enumerate(sheet.fields)},
                 computed)


def card_place(name: str, card: Sheet = PROJECT) -> Place:
    """The card: one value cell per label, in column B."""
    return Place(card, name, {f.key: (CARD_FIRST_ROW + i, 1, CARD_FIRST_ROW + i, 1)
                              for i, f in enumerate(card.fields)})


def _check(rule: str, counted: bool, sheet: str, cells: Cells, terms: Sequence[str],
           refs: Refs) -> Check:
    """Conditions that hold for a cell and, unchanged, for arrays: AND() for the
    conditional format, a product of 0/1 arrays for the count."""
    one = {k: v[0] for k, v in refs.items()}
    many = {k: v[1] for k, v in refs.items()}
    when = "=AND(" + ",".join(t.format(**one) for t in terms) + ")"
    product = "*".join(f"({t.format(**many)})" for t in terms)
    return Check(rule, counted, sheet, cells, when,
                 f"SUMPRODUCT({product}{'*1' if len(terms) == 1 else ''})")


def _words(choices: Choices, meaning: str) -> list[str]:
    """The words meaning ``meaning`` in either language (a PM may type either); "" is a
    blank cell when blanks count too."""
    return list(dict.fromkeys([*choices.words_meaning(meaning, "en"),
                               *choices.words_meaning(meaning, "fr")]))


def _is_one_of(ref: str, words: Sequence[str]) -> str:
    quoted = [w.replace('"', '""') for w in words]
    return "(" + "+".join(f'({ref}="{w}")' for w in quoted) + ")>0"


def _is_none_of(ref: str, words: Sequence[str]) -> str:
    return _is_one_of(ref, words)[:-2] + "=0"


def _measure_words(measure: str) -> list[str]:
    choice = MEASURES.choice(measure)
    assert choice is not None
    return list(dict.fromkeys([choice.en, choice.fr]))


def _consistency() -> dict[str, list[tuple[str, bool, str, tuple[str, ...]]]]:
    """The cross-field rules, by sheet: rule, counted, the field flagged, its terms.
    What done means comes from the enumerations, never a word written here."""
    done = _words(MILESTONE_STATUS, DONE)
    closed = _words(ACTION_STATUS, DONE)
    undated = "ISNUMBER({actual_date})=FALSE"
    return {
        "workload": [(rule, True, measure, (REPORTED, f"ISNUMBER({{{measure}}})",
                                            f"{{{measure}}}>0", "ISNUMBER({month})", test))
                     for rule, measure, test in MONTH_RULES],
        "milestones": [
            ("MILESTONE_DONE_NO_DATE", True, "actual_date",
             (_is_one_of("{status}", done), undated)),
            ("MILESTONE_DATE_NOT_DONE", True, "status",
             ("ISNUMBER({actual_date})", '{status}<>""', _is_none_of("{status}", done))),
            ("MILESTONE_FORECAST_PASSED", True, "forecast_date",
             (REPORTED, "ISNUMBER({forecast_date})", f"{{forecast_date}}<{AS_OF}",
              _is_none_of("{status}", done), undated)),
        ],
        "actions": [
            (OVERDUE, False, "due_date", (REPORTED, "ISNUMBER({due_date})",
                                          f"{{due_date}}<{AS_OF}",
                                          _is_none_of("{status}", closed))),
        ],
    }


def place_checks(place: Place) -> list[Check]:
    """Every check of a sheet, from its fields' types and flags and the cross-field rules:
    text in a typed cell, a required value left blank on a row otherwise filled (always,
    on the card), a duplicate ID, and the sheet's consistency rules."""
    refs = place.refs()
    inputs = [f.key for f in place.sheet.fields
              if f.key in place.cells and f.key not in place.computed]
    card = place.sheet.key == PROJECT.key
    out: list[Check] = []
    for key in inputs:
        f = place.sheet.field(key)
        at, mine = place.cells[key], {**refs, "self": refs[key]}
        if f.type in TYPED_RULE:
            out.append(_check(TYPED_RULE[f.type], True, place.name, at,
                              ("ISTEXT({self})", '{self}<>""'), mine))
        if f.value_required or f.row_key:
            terms = ['{self}=""']
            others = [k for k in inputs if k != key]
            if not card and others:
                terms.append("(" + "+".join(f'({{{k}}}<>"")' for k in others) + ")>0")
            out.append(_check("VALUE_REQUIRED", True, place.name, at, terms, mine))
    key = place.sheet.id_field
    if key in inputs:
        ids = refs[key][1]
        out.append(_check("DUPLICATE_ID", True, place.name, place.cells[key],
                          ('{self}<>""', 'COUNTIF({ids},{self}&"")>1'),
                          {**refs, "self": refs[key], "ids": (ids, ids)}))
    for rule, counted, key, terms in _consistency().get(place.sheet.key, []):
        if key in inputs:
            out.append(_check(rule, counted, place.name, place.cells[key], terms,
                              {**refs, "self": refs[key]}))
    return out


def grid_checks(layout: GridLayout) -> list[Check]:
    """The workload's checks on the grid: the month rules on the rows of their measure,
    text in a month or typed identifying cell, a row of days with no measure."""
    r0, r1 = layout.first_row, layout.last_row
    c0, c1 = layout.first_month_col, layout.last_month_col
    area = (r0, c0, r1, c1)
    refs = {key: (xl_rowcol_to_cell(r0, col, col_abs=True), xl_range_abs(r0, col, r1, col))
            for key, col in {**layout.cols, "total": layout.total_col}.items()}
    months = {**refs, "self": (xl_rowcol_to_cell(r0, c0), xl_range_abs(r0, c0, r1, c1)),
              "month": (xl_rowcol_to_cell(TABLE_HEADER_ROW, c0, row_abs=True),
                        xl_range_abs(TABLE_HEADER_ROW, c0, TABLE_HEADER_ROW, c1))}
    out = [_check(rule, True, layout.sheet, area,
                  (_is_one_of("{measure}", _measure_words(measure)), REPORTED,
                   "ISNUMBER({self})", "{self}>0", test), months)
           for rule, measure, test in MONTH_RULES]
    days = {WORKLOAD.field(k).type for k in VALUE_KEYS}
    assert len(days) == 1, "the months of every measure hold the same type"
    out.append(_check(TYPED_RULE[days.pop()], True, layout.sheet, area,
                      ("ISTEXT({self})", '{self}<>""'), months))
    for f in IDENTIFYING:
        if f.type in TYPED_RULE:
            col = layout.cols[f.key]
            out.append(_check(TYPED_RULE[f.type], True, layout.sheet, (r0, col, r1, col),
                              ("ISTEXT({self})", '{self}<>""'), {**refs, "self": refs[f.key]}))
    col = layout.cols["measure"]
    out.append(_check("VALUE_REQUIRED", True, layout.sheet, (r0, col, r1, col),
                      ('{self}=""', '{total}<>""'), {**refs, "self": refs["measure"]}))
    return out


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _count_cell(ws: Worksheet, fmt: Formats, row: int, col: int, label_col: int,
                counts: Sequence[str], lang: str) -> None:
    """A labelled count, red while there is something to fix, green at zero. No cached
    value: LibreOffice, which keeps an xlsx file's cached values, computes it on opening."""
    ws.write_string(row, label_col, COUNTER_TEXT[lang], fmt.counter_label)
    ws.write_formula(row, col, "=" + ("+".join(counts) or "0"), fmt.counter, "")
    ws.conditional_format(row, col, row, col, {"type": "cell", "criteria": ">", "value": 0,
                                               "format": fmt.to_fix})
    ws.conditional_format(row, col, row, col, {"type": "cell", "criteria": "==", "value": 0,
                                               "format": fmt.ready})


def write_checks(wb: Workbook, fmt: Formats, sheets: Mapping[str, Worksheet],
                 checks: Sequence[Check], card: str, lang: str) -> None:
    """Colour what each check flags, count it on its sheet's title row, and total the
    counts on the card, where the PM looks before sending."""
    as_of = PROJECT.keys.index("as_of") + CARD_FIRST_ROW
    wb.define_name(REPORTING_DATE, f"={_quoted(card)}!{xl_rowcol_to_cell(as_of, 1, True, True)}")
    by_sheet: dict[str, list[Check]] = {}
    for check in checks:
        by_sheet.setdefault(check.sheet, []).append(check)
        sheets[check.sheet].conditional_format(*check.cells, {
            "type": "formula", "criteria": check.when,
            "format": fmt.to_fix if check.counted else fmt.signal})
    totals = [c.count for c in by_sheet.get(card, []) if c.counted]
    for name, ws in sheets.items():
        counts = [c.count for c in by_sheet.get(name, []) if c.counted]
        if name == card or not counts:
            continue
        _count_cell(ws, fmt, COUNTER_ROW, COUNTER_COL, COUNTER_LABEL_COL, counts, lang)
        totals.append(_quoted(name) + "!" + xl_rowcol_to_cell(COUNTER_ROW, COUNTER_COL,
                                                              True, True))
    row, col = CARD_COUNTER
    _count_cell(sheets[card], fmt, row, col, col - 1, totals, lang)
    sheets[card].write_string(row, col + 1, COUNTER_HELP[lang], fmt.subtitle)
