"""The standard tracker workbook, generated from the schema (EN or FR).

Excel Tables with stable names, dropdowns for every enumeration, date and number
formats, input messages that explain each column, frozen headers, and an
instructions sheet. With data, the same writer produces filled trackers (demo, tests).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pmo_xl.atomic import atomic_path
from pmo_xl.figures import label
from pmo_xl.schema.contract import CONTRACT_VERSION, PROJECT, SHEETS
from pmo_xl.schema.model import Field, FieldType, Sheet, SheetKind
from pmo_xl.xlsx.book import (
    DATE_FMT,
    INTEGER_FMT,
    MONEY_FMT,
    MONTH_FMT,
    NUMBER_FMT,
    new_workbook,
    write_value,
)

TABLE_HEADER_ROW = 2  # 0-based: title on row 1, a blank row, then the header
VALIDATION_ROWS = 5000  # dropdowns and checks reach this far below the header
TEMPLATE_ROWS = 1  # an empty template table has one blank row (Excel needs one)

_TEXT = {
    "en": {
        "instructions": "Instructions",
        "title": "Project tracker — how to fill it",
        "intro": (
            "One workbook per project. Fill the Project card and the tables; add rows at the "
            "bottom of each table (it grows by itself). Keep sheet names and column headers: "
            "the PMO's consolidation finds them in English or French. Extra columns and sheets "
            "are allowed and ignored. Dates as dates (dd/mm/yyyy), numbers as numbers."
        ),
        "required": "Required", "optional": "Optional",
        "column": "Column / label", "type": "Type", "values": "Allowed values", "help": "Help",
        "yes": "yes", "no": "no", "card_title": "Project card", "label": "Label", "value": "Value",
        "types": {"text": "text", "date": "date", "month": "month (any day)",
                  "number": "number", "integer": "whole number", "enum": "list",
                  "email": "e-mail address"},
        "contract": f"Tracker contract v{CONTRACT_VERSION}",
    },
    "fr": {
        "instructions": "Mode d'emploi",
        "title": "Suivi de projet — mode d'emploi",
        "intro": (
            "Un classeur par projet. Remplissez la fiche Projet et les tableaux ; ajoutez des "
            "lignes sous chaque tableau (il s'agrandit tout seul). Gardez les noms d'onglets et "
            "les en-têtes : la consolidation du PMO les reconnaît en français ou en anglais. "
            "Colonnes et onglets en plus sont permis et ignorés. Dates en dates (jj/mm/aaaa), "
            "nombres en nombres."
        ),
        "required": "Obligatoire", "optional": "Facultatif",
        "column": "Colonne / libellé", "type": "Type", "values": "Valeurs permises",
        "help": "Aide", "yes": "oui", "no": "non", "card_title": "Fiche projet",
        "label": "Libellé", "value": "Valeur",
        "types": {"text": "texte", "date": "date", "month": "mois (n'importe quel jour)",
                  "number": "nombre", "integer": "nombre entier", "enum": "liste",
                  "email": "adresse e-mail"},
        "contract": f"Contrat de suivi v{CONTRACT_VERSION}",
    },
}


MONEY_KEYS = frozenset({"budget_cost", "rate"})  # currency, not days


def table_name(sheet: Sheet) -> str:
    """Stable Excel Table name, the same in both languages: ``tblWorkload``."""
    return "tbl" + sheet.en.replace(" ", "")


class _Formats:
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


def _validation(f: Field, lang: str) -> dict[str, object] | None:
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


def _display(value: object, f: Field, lang: str) -> object:
    """Enumerations are stored in English in the portfolio, shown in the tracker's language."""
    if f.choices is not None and isinstance(value, str):
        return f.choices.translate(value, lang)
    return value


def _width(f: Field, lang: str) -> float:
    by_type = {FieldType.DATE: 13, FieldType.MONTH: 11, FieldType.NUMBER: 12,
               FieldType.INTEGER: 10, FieldType.ENUM: 16}
    base = by_type.get(f.type, 24 if f.key in ("task", "comment", "mitigation") else 18)
    if f.key in ("risk", "action", "decision", "milestone", "description"):
        base = 40
    return max(base, min(len(f.label(lang)) + 4, 30))


def _write_card(wb: Workbook, ws: Worksheet, fmt: _Formats, values: Mapping[str, object],
                lang: str) -> None:
    t = _TEXT[lang]
    ws.write_string(0, 0, t["card_title"], fmt.title)
    ws.write_string(2, 0, t["label"], fmt.head)
    ws.write_string(2, 1, t["value"], fmt.head)
    for i, f in enumerate(PROJECT.fields):
        row = 3 + i
        ws.write_string(row, 0, f.label(lang), fmt.label)
        cell_fmt = fmt.money if f.key in MONEY_KEYS else fmt.by_type.get(f.type, fmt.input)
        write_value(ws, row, 1, _display(values.get(f.key), f, lang), cell_fmt)
        rule = _validation(f, lang)
        if rule:
            ws.data_validation(row, 1, row, 1, rule)
        if f.key in ("highlights", "concerns", "next_steps"):
            ws.set_row(row, 45)
    ws.set_column(0, 0, 32)
    ws.set_column(1, 1, 60)
    ws.freeze_panes(3, 0)
    _print_setup(ws, 2)


def _print_setup(ws: Worksheet, header_row: int) -> None:
    """Landscape, one page wide, the header repeated on every printed page."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)


def _write_table(wb: Workbook, ws: Worksheet, fmt: _Formats, sheet: Sheet,
                 rows: pd.DataFrame | None, lang: str) -> None:
    ws.write_string(0, 0, sheet.label(lang), fmt.title)
    ws.write_string(1, 0, sheet.help(lang), fmt.subtitle)
    n = 0 if rows is None else len(rows)
    last = TABLE_HEADER_ROW + max(n, TEMPLATE_ROWS)
    col_fmts = [fmt.col_money if f.key in MONEY_KEYS or (sheet.key == "costs" and
                f.type is FieldType.NUMBER) else fmt.col_by_type.get(f.type) for f in sheet.fields]
    columns = [{"header": f.label(lang), "header_format": fmt.head, "format": col_fmt}
               for f, col_fmt in zip(sheet.fields, col_fmts, strict=True)]
    ws.add_table(TABLE_HEADER_ROW, 0, last, len(sheet.fields) - 1, {
        "name": table_name(sheet), "columns": columns, "style": "Table Style Light 9",
    })
    if rows is not None:
        for c, f in enumerate(sheet.fields):
            if f.key not in rows:
                continue
            for r, value in enumerate(rows[f.key].tolist()):
                write_value(ws, TABLE_HEADER_ROW + 1 + r, c, _display(value, f, lang),
                            col_fmts[c])
    for c, f in enumerate(sheet.fields):
        ws.set_column(c, c, _width(f, lang), col_fmts[c])
        rule = _validation(f, lang)
        if rule:
            ws.data_validation(TABLE_HEADER_ROW + 1, c, TABLE_HEADER_ROW + VALIDATION_ROWS, c,
                               rule)
    ws.set_row(TABLE_HEADER_ROW, 30)
    ws.freeze_panes(TABLE_HEADER_ROW + 1, 0)
    _print_setup(ws, TABLE_HEADER_ROW)


def _write_instructions(ws: Worksheet, fmt: _Formats, lang: str) -> None:
    t = _TEXT[lang]
    ws.write_string(0, 0, t["title"], fmt.title)
    ws.write_string(1, 0, t["contract"], fmt.subtitle)
    ws.merge_range(2, 0, 2, 4, t["intro"], fmt.wrap)
    ws.set_row(2, 75)
    row = 4
    for col, head in enumerate((t["column"], t["type"], t["required"], t["values"], t["help"])):
        ws.write_string(row, col, head, fmt.head)
    for sheet in SHEETS:
        row += 2
        need = t["required"] if sheet.required else t["optional"]
        ws.write_string(row, 0, f"{label('findings', 'sheet', lang)} « {sheet.label(lang)} » — "
                                f"{need}", fmt.title)
        ws.write_string(row, 4, sheet.help(lang), fmt.wrap)
        for f in sheet.fields:
            row += 1
            ws.write_string(row, 0, f.label(lang), fmt.label)
            ws.write_string(row, 1, t["types"][str(f.type)])
            ws.write_string(row, 2, t["yes"] if (f.required or f.value_required) else t["no"])
            allowed = ", ".join(f.choices.labels(lang)) if f.choices else _bounds(f)
            ws.write_string(row, 3, allowed, fmt.wrap)
            ws.write_string(row, 4, f.help(lang), fmt.wrap)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 2, 14)
    ws.set_column(3, 3, 40)
    ws.set_column(4, 4, 60)
    _print_setup(ws, 4)


def _bounds(f: Field) -> str:
    if f.minimum is not None and f.maximum is not None:
        return f"{f.minimum:g} – {f.maximum:g}"
    if f.minimum is not None:
        return f"≥ {f.minimum:g}"
    return ""


def write_tracker(
    path: str | Path,
    project: Mapping[str, object] | None = None,
    tables: Mapping[str, pd.DataFrame | Sequence[Mapping[str, object]]] | None = None,
    *,
    lang: str = "en",
    deterministic: bool = False,
) -> Path:
    """Write a tracker: the empty template, or one filled with ``project`` and ``tables``.

    ``tables`` maps a sheet key (``"workload"``…) to rows keyed by field key, with
    enumerations in English (they are written in ``lang``).
    """
    path = Path(path)
    project = dict(project or {})
    tables = dict(tables or {})
    with atomic_path(path) as tmp:
        wb = new_workbook(tmp, deterministic=deterministic,
                          title=str(project.get("name") or _TEXT[lang]["title"]))
        fmt = _Formats(wb)
        for sheet in SHEETS:
            ws = wb.add_worksheet(sheet.label(lang))
            if sheet.kind is SheetKind.CARD:
                _write_card(wb, ws, fmt, project, lang)
            else:
                rows = tables.get(sheet.key)
                frame = None if rows is None else pd.DataFrame(list(rows) if not isinstance(
                    rows, pd.DataFrame) else rows)
                _write_table(wb, ws, fmt, sheet, frame, lang)
        _write_instructions(wb.add_worksheet(_TEXT[lang]["instructions"]), fmt, lang)
        wb.worksheets()[0].activate()
        wb.close()
    return path
