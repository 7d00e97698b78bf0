"""What every sheet of the tracker shares: its places, formats, dropdowns and checks' colours.

The long form, the grid and the live checks are written by separate modules; they agree
on where the header is, how an input cell looks and which cell holds the reporting date
through this one.
"""

from __future__ import annotations

import pandas as pd
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pmo_xl.schema.contract import BAD, GOOD, WARN
from pmo_xl.schema.model import Field, FieldType, Tone
from pmo_xl.xlsx.book import DATE_FMT, INTEGER_FMT, MONEY_FMT, MONTH_FMT, NUMBER_FMT

TABLE_HEADER_ROW = 2  # 0-based: title on row 1, a blank row, then the header
VALIDATION_ROWS = 5000  # dropdowns and checks reach this far below the header
TEMPLATE_ROWS = 1  # an empty template table has one blank row (Excel needs one)
CARD_FIRST_ROW = 3  # the card's first label, under its Label / Value header
MONEY_KEYS = frozenset({"budget_cost", "rate"})  # currency, not days

# The card's reporting date as a workbook name: checks and the reporting month's colour
# follow it when the PM changes the date (N() makes a text date count as none).
REPORTING_DATE = "ReportingDate"
AS_OF = f"N({REPORTING_DATE})"

# Each sheet's count of points to fix, on its title row: label, then the number.
COUNTER_ROW, COUNTER_LABEL_COL, COUNTER_COL = 0, 2, 3
COUNTER_TEXT = {"en": "Points to fix", "fr": "Points à corriger"}
COUNTER_HELP = {
    "en": "Cells in red on the sheets: correct them before sending (0 = ready).",
    "fr": "Cellules en rouge dans les onglets : corrigez-les avant l'envoi (0 = prêt).",
}
TO_FIX, SIGNAL = BAD, WARN  # a mistake to correct (counted); a management signal (not)
READY = GOOD  # nothing left to fix
REPORTING_MONTH_FILL, REPORTING_MONTH_HEAD = "DDEBF7", "2F75B5"


def counter_width(lang: str) -> float:
    """Wide enough for the counter's label, which sits in a table's third column."""
    return len(COUNTER_TEXT[lang]) + 6


def tint(wb: Workbook, tone: Tone, **extra: object):
    """A conditional format in a tone's light tint (table cells), from the schema."""
    return wb.add_format({"bg_color": f"#{tone.tint}", "font_color": f"#{tone.on_tint}",
                          **extra})


class Formats:
    """The tracker's cell formats, made once per workbook."""

    def __init__(self, wb: Workbook) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 14, "font_color": "#1F3864"})
        self.subtitle = wb.add_format({"italic": True, "font_color": "#595959"})
        self.label = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1,
                                    "border_color": "#B4C6E7", "valign": "top"})
        self.input = wb.add_format({"bg_color": "#FFF9E6", "border": 1,
                                    "border_color": "#D9D9D9", "text_wrap": True,
                                    "valign": "top"})
        self.head = wb.add_format({"bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF",
                                   "text_wrap": True, "valign": "top"})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        base = {"border": 1, "border_color": "#D9D9D9", "bg_color": "#FFF9E6"}
        self.by_type = {
            FieldType.DATE: wb.add_format({**base, "num_format": DATE_FMT}),
            FieldType.MONTH: wb.add_format({**base, "num_format": MONTH_FMT}),
            FieldType.NUMBER: wb.add_format({**base, "num_format": NUMBER_FMT}),
            FieldType.INTEGER: wb.add_format({**base, "num_format": INTEGER_FMT}),
        }
        self.money = wb.add_format({**base, "num_format": MONEY_FMT})
        self.col_money = wb.add_format({"num_format": MONEY_FMT})
        self.col_by_type = {
            FieldType.DATE: wb.add_format({"num_format": DATE_FMT}),
            FieldType.MONTH: wb.add_format({"num_format": MONTH_FMT}),
            FieldType.NUMBER: wb.add_format({"num_format": NUMBER_FMT}),
            FieldType.INTEGER: wb.add_format({"num_format": INTEGER_FMT}),
        }
        self.computed = wb.add_format({"num_format": INTEGER_FMT, "font_color": "#595959",
                                       "italic": True})
        self.counter_label = wb.add_format({"bold": True, "align": "right", "valign": "vcenter",
                                            "font_color": "#1F3864"})
        self.counter = wb.add_format({"bold": True, "font_size": 14, "num_format": INTEGER_FMT,
                                      "align": "center", "valign": "vcenter", "border": 1,
                                      "border_color": "#B4C6E7"})
        self.to_fix = tint(wb, TO_FIX)
        self.signal = tint(wb, SIGNAL)
        self.ready = tint(wb, READY)


def field_validation(f: Field, lang: str) -> dict[str, object] | None:
    """Data validation (dropdown or check) and the input message that explains the field."""
    message = f.help(lang)[:255]
    rule: dict[str, object]
    if f.type is FieldType.ENUM and f.choices is not None:
        rule = {"validate": "list", "source": list(f.choices.labels(lang)),
                "error_type": "stop"}
    elif f.type in (FieldType.DATE, FieldType.MONTH):
        rule = {"validate": "date", "criteria": "between",
                "minimum": pd.Timestamp("1990-01-01").to_pydatetime(),
                "maximum": pd.Timestamp("2100-12-31").to_pydatetime(), "error_type": "warning"}
    elif f.type in (FieldType.NUMBER, FieldType.INTEGER):
        kind = "integer" if f.type is FieldType.INTEGER else "decimal"
        if f.maximum is not None:
            rule = {"validate": kind, "criteria": "between", "minimum": f.minimum or 0,
                    "maximum": f.maximum}
        else:
            rule = {"validate": kind, "criteria": ">=", "value": f.minimum or 0}
        rule["error_type"] = "warning"
    elif message:
        rule = {"validate": "any"}
    else:
        return None
    if message:
        rule["input_title"] = f.label(lang)[:32]
        rule["input_message"] = message
    return rule


def shown(value: object, f: Field, lang: str) -> object:
    """Enumerations are stored in English in the portfolio, shown in the tracker's language."""
    if f.choices is not None and isinstance(value, str):
        return f.choices.translate(value, lang)
    return value


def column_width(f: Field, lang: str) -> float:
    by_type = {FieldType.DATE: 13, FieldType.MONTH: 11, FieldType.NUMBER: 12,
               FieldType.INTEGER: 10, FieldType.ENUM: 16}
    base = by_type.get(f.type, 24 if f.key in ("task", "comment", "mitigation") else 18)
    if f.key in ("risk", "action", "decision", "milestone", "description"):
        base = 40
    return max(base, min(len(f.label(lang)) + 4, 30))


def print_setup(ws: Worksheet, header_row: int) -> None:
    """Landscape, one page wide, the header repeated on every printed page."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
