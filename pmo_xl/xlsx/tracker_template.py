"""The standard tracker workbook, generated from the schema (EN or FR).

Excel Tables with stable names, dropdowns for every enumeration, date and number
formats, input messages that explain each column, frozen headers, and an
instructions sheet. With data, the same writer produces filled trackers (demo, tests).
"""

from __future__ import annotations

import datetime as dt
import numbers
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from pmo_xl.atomic import atomic_path
from pmo_xl.figures import label
from pmo_xl.schema.contract import CONTRACT_VERSION, PROJECT, SHEETS, SHEETS_BY_KEY, WORKLOAD
from pmo_xl.schema.grid import IDENTIFYING, MEASURE
from pmo_xl.schema.model import Field, FieldType, Sheet, SheetKind
from pmo_xl.xlsx.book import FIXED_TIMESTAMP, new_workbook, write_value
from pmo_xl.xlsx.tracker_checks import (
    CARD_COUNTER,
    Place,
    card_place,
    grid_checks,
    place_checks,
    table_place,
    write_checks,
)
from pmo_xl.xlsx.tracker_grid import (
    HELP as GRID_HELP,
)
from pmo_xl.xlsx.tracker_grid import (
    GridLayout,
    highlight_reporting_month,
    write_workload_grid,
)
from pmo_xl.xlsx.tracker_style import (
    CARD_FIRST_ROW,
    COUNTER_LABEL_COL,
    MONEY_KEYS,
    TABLE_HEADER_ROW,
    TEMPLATE_ROWS,
    VALIDATION_ROWS,
    Formats,
    column_width,
    counter_width,
    field_validation,
    print_setup,
    shown,
)

Layout = Literal["grid", "long"]
LAYOUTS: tuple[Layout, ...] = ("grid", "long")
# Columns the template computes itself: the field, and the two it is the product of.
PRODUCTS = {("risks", "criticality_given"): ("probability", "impact")}

_TEXT = {
    "en": {
        "instructions": "Instructions",
        "title": "Project tracker — how to fill it",
        "intro": (
            "One workbook per project. Fill the Project card and the tables; add rows at the "
            "bottom of each table (it grows by itself). Keep sheet names and column headers: "
            "the PMO's consolidation finds them in English or French. Extra columns and sheets "
            "are allowed and ignored. Dates as dates (dd/mm/yyyy), numbers as numbers. "
            "Cells in red are points to fix: their count is at the top of the Project card "
            "and on each sheet's title row; actions in amber are overdue."
        ),
        "months": "Month columns (Jan 2026…)",
        "months_help": "Days of the row's measure in that month (the header is a date).",
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
            "nombres en nombres. Les cellules en rouge sont des points à corriger : leur nombre "
            "est en haut de la fiche Projet et sur la ligne de titre de chaque onglet ; les "
            "actions en orange sont en retard."
        ),
        "months": "Colonnes des mois (janv. 2026…)",
        "months_help": "Jours de la mesure de la ligne pour ce mois (l'en-tête est une date).",
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


def table_name(sheet: Sheet) -> str:
    """Stable Excel Table name, the same in both languages and in a house's format:
    ``tblWorkload``."""
    return "tbl" + SHEETS_BY_KEY[sheet.key].en.replace(" ", "")


def _write_card(ws: Worksheet, fmt: Formats, values: Mapping[str, object], lang: str,
                card: Sheet = PROJECT) -> None:
    t = _TEXT[lang]
    ws.write_string(0, 0, t["card_title"], fmt.title)
    ws.write_string(CARD_FIRST_ROW - 1, 0, t["label"], fmt.head)
    ws.write_string(CARD_FIRST_ROW - 1, 1, t["value"], fmt.head)
    for i, f in enumerate(card.fields):
        row = CARD_FIRST_ROW + i
        ws.write_string(row, 0, f.label(lang), fmt.label)
        cell_fmt = fmt.money if f.key in MONEY_KEYS else fmt.by_type.get(f.type, fmt.input)
        write_value(ws, row, 1, shown(values.get(f.key), f, lang), cell_fmt)
        rule = field_validation(f, lang)
        if rule:
            ws.data_validation(row, 1, row, 1, rule)
        if f.key in ("highlights", "concerns", "next_steps"):
            ws.set_row(row, 45)
    ws.set_row(CARD_COUNTER[0], 24)
    ws.set_column(0, 0, 32)
    ws.set_column(1, 1, 60)
    ws.freeze_panes(CARD_FIRST_ROW, 0)
    print_setup(ws, CARD_FIRST_ROW - 1)


def _product(sheet: Sheet, key: str, a: str, b: str, lang: str) -> str:
    """``key`` as the product of two fields of the row, blank until both are numbers."""
    def ref(k: str) -> str:
        return f"{table_name(sheet)}[[#This Row],[{sheet.field(k).label(lang)}]]"

    return f'=IF(COUNT({ref(a)},{ref(b)})=2,{ref(a)}*{ref(b)},"")'


def _cached_product(row: Mapping[str, object], a: str, b: str) -> object:
    x, y = row.get(a), row.get(b)
    both = all(isinstance(v, numbers.Real) and not isinstance(v, bool) and v == v
               for v in (x, y))
    return float(x) * float(y) if both else ""  # type: ignore[arg-type]


def _write_table(ws: Worksheet, fmt: Formats, sheet: Sheet, rows: pd.DataFrame | None,
                 lang: str) -> frozenset[str]:
    """An Excel Table of the sheet's fields; returns the fields it computes by formula."""
    ws.write_string(0, 0, sheet.label(lang), fmt.title)
    ws.write_string(1, 0, sheet.help(lang), fmt.subtitle)
    n = 0 if rows is None else len(rows)
    last = TABLE_HEADER_ROW + max(n, TEMPLATE_ROWS)
    col_fmts = [fmt.col_money if f.key in MONEY_KEYS or (sheet.key == "costs" and
                f.type is FieldType.NUMBER) else fmt.col_by_type.get(f.type) for f in sheet.fields]
    products = {key: ab for (sk, key), ab in PRODUCTS.items() if sk == sheet.key}
    columns: list[dict[str, object]] = []
    for f, col_fmt in zip(sheet.fields, col_fmts, strict=True):
        column: dict[str, object] = {"header": f.label(lang), "header_format": fmt.head,
                                     "format": col_fmt}
        if f.key in products:
            column.update(formula=_product(sheet, f.key, *products[f.key], lang),
                          format=fmt.computed)
        columns.append(column)
    ws.add_table(TABLE_HEADER_ROW, 0, last, len(sheet.fields) - 1, {
        "name": table_name(sheet), "columns": columns, "style": "Table Style Light 9",
    })
    records = [] if rows is None else rows.to_dict("records")
    for c, f in enumerate(sheet.fields):
        if f.key in products:  # a value given wins over the formula (as a PM may type one)
            formula = _product(sheet, f.key, *products[f.key], lang)
            for r in range(max(n, TEMPLATE_ROWS)):
                given = records[r].get(f.key) if r < n else None
                if given is None or given != given:
                    cached = _cached_product(records[r], *products[f.key]) if r < n else ""
                    ws.write_formula(TABLE_HEADER_ROW + 1 + r, c, formula, fmt.computed, cached)
                else:
                    write_value(ws, TABLE_HEADER_ROW + 1 + r, c, given, fmt.computed)
            continue
        if rows is None or f.key not in rows:
            continue
        for r, value in enumerate(rows[f.key].tolist()):
            write_value(ws, TABLE_HEADER_ROW + 1 + r, c, shown(value, f, lang), col_fmts[c])
    for c, f in enumerate(sheet.fields):
        width = column_width(f, lang)
        if c == COUNTER_LABEL_COL:
            width = max(width, counter_width(lang))
        ws.set_column(c, c, width, fmt.computed if f.key in products else col_fmts[c])
        rule = field_validation(f, lang)
        if rule:
            ws.data_validation(TABLE_HEADER_ROW + 1, c, TABLE_HEADER_ROW + VALIDATION_ROWS, c,
                               rule)
    ws.set_row(TABLE_HEADER_ROW, 30)
    ws.freeze_panes(TABLE_HEADER_ROW + 1, 0)
    print_setup(ws, TABLE_HEADER_ROW)
    return frozenset(products)


def _write_instructions(ws: Worksheet, fmt: Formats, lang: str, layout: Layout,
                        sheets: Sequence[Sheet] = SHEETS) -> None:
    t = _TEXT[lang]
    ws.write_string(0, 0, t["title"], fmt.title)
    ws.write_string(1, 0, t["contract"], fmt.subtitle)
    ws.merge_range(2, 0, 2, 4, t["intro"], fmt.wrap)
    ws.set_row(2, 90)
    row = 4
    for col, head in enumerate((t["column"], t["type"], t["required"], t["values"], t["help"])):
        ws.write_string(row, col, head, fmt.head)
    for sheet in sheets:
        row += 2
        need = t["required"] if sheet.required else t["optional"]
        grid = sheet.key == WORKLOAD.key and layout == "grid"
        ws.write_string(row, 0, f"{label('findings', 'sheet', lang)} « {sheet.label(lang)} » — "
                                f"{need}", fmt.title)
        ws.write_string(row, 4, GRID_HELP[lang] if grid else sheet.help(lang), fmt.wrap)
        for f in (*IDENTIFYING, MEASURE) if grid else sheet.fields:
            row += 1
            ws.write_string(row, 0, f.label(lang), fmt.label)
            ws.write_string(row, 1, t["types"][str(f.type)])
            ws.write_string(row, 2, t["yes"] if (f.required or f.value_required) else t["no"])
            allowed = ", ".join(f.choices.labels(lang)) if f.choices else _bounds(f)
            ws.write_string(row, 3, allowed, fmt.wrap)
            ws.write_string(row, 4, f.help(lang), fmt.wrap)
        if grid:
            row += 1
            ws.write_string(row, 0, t["months"], fmt.label)
            ws.write_string(row, 1, t["types"]["number"])
            ws.write_string(row, 2, t["no"])
            ws.write_string(row, 3, "≥ 0", fmt.wrap)
            ws.write_string(row, 4, t["months_help"], fmt.wrap)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 2, 14)
    ws.set_column(3, 3, 40)
    ws.set_column(4, 4, 60)
    print_setup(ws, 4)


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
    layout: Layout = "long",
    schema: Mapping[str, Sheet] | None = None,
) -> Path:
    """Write a tracker: the empty template, or one filled with ``project`` and ``tables``.

    ``tables`` maps a sheet key (``"workload"``…) to rows keyed by field key, with
    enumerations in English (they are written in ``lang``); the workload is given in long
    rows whatever the ``layout``: ``"long"`` (one row per month) or ``"grid"`` (months
    across, three rows per resource line). ``deterministic`` fixes the creation time and,
    for a grid without dates on its card, its first month (committed templates).
    ``schema``: the sheets in a house's names (``schema.mapping.house_sheets``).
    """
    shape = [schema[s.key] for s in SHEETS] if schema else list(SHEETS)
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    path = Path(path)
    project = dict(project or {})
    tables = dict(tables or {})
    today = FIXED_TIMESTAMP.date() if deterministic else dt.date.today()
    with atomic_path(path) as tmp:
        wb = new_workbook(tmp, deterministic=deterministic, in_memory=True,
                          title=str(project.get("name") or _TEXT[lang]["title"]))
        fmt = Formats(wb)
        sheets: dict[str, Worksheet] = {}
        places: list[Place] = []
        grid: GridLayout | None = None
        for sheet in shape:
            name = sheet.label(lang)
            ws = sheets[name] = wb.add_worksheet(name)
            if sheet.kind is SheetKind.CARD:
                _write_card(ws, fmt, project, lang, sheet)
                places.append(card_place(name, sheet))
                continue
            rows = tables.get(sheet.key)
            frame = None if rows is None else pd.DataFrame(list(rows) if not isinstance(
                rows, pd.DataFrame) else rows)
            if sheet.key == WORKLOAD.key and layout == "grid":
                grid = write_workload_grid(wb, ws, fmt, frame, project, lang, today)
            else:
                places.append(table_place(sheet, name, _write_table(ws, fmt, sheet, frame,
                                                                    lang)))
        checks = [c for p in places for c in place_checks(p)]
        if grid is not None:
            checks += grid_checks(grid)
        write_checks(wb, fmt, sheets, checks, shape[0].label(lang), lang)
        if grid is not None:
            highlight_reporting_month(wb, sheets[grid.sheet], grid)
        _write_instructions(wb.add_worksheet(_TEXT[lang]["instructions"]), fmt, lang, layout,
                            shape)
        wb.worksheets()[0].activate()
        wb.close()
    return path
