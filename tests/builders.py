"""Test inputs built in code: small, readable, one quirk at a time.

``make_tracker`` writes a contract-shaped tracker with the project's own writer
(values of the wrong type are written as typed text, as a PM would type them);
``make_workbook`` writes any grid of cells, cached formulas and Excel errors
included, for layouts the writer would never produce.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell

from pmo_xl.xlsx import write_tracker

D = dt.date
AS_OF = D(2026, 3, 13)  # a Friday
TODAY = D(2026, 3, 16)


def base_project(**overrides: Any) -> dict[str, Any]:
    card = {"code": "P-001", "name": "ERP roll-out", "manager": "Ann Lee", "phase": "Build",
            "start": D(2026, 1, 5), "end_baseline": D(2026, 6, 30),
            "end_forecast": D(2026, 7, 15), "budget_days": 100, "budget_cost": 60000,
            "as_of": AS_OF, "status": "Green", "trend": "Stable"}
    card.update(overrides)
    return card


def base_tables() -> dict[str, list[dict[str, Any]]]:
    """A small, clean tracker whose figures are easy to compute by hand."""
    return {
        "workload": [
            {"resource": "Ann", "role": "Dev", "month": D(2026, 2, 1), "planned": 10,
             "actual": 12, "remaining": None},
            {"resource": "Ann", "role": "Dev", "month": D(2026, 3, 1), "planned": 10,
             "actual": 4, "remaining": 6},
            {"resource": "Bob", "role": "PM", "month": D(2026, 4, 1), "planned": 5,
             "actual": None, "remaining": 5, "rate": 900},
        ],
        "rates": [{"role": "Dev", "rate": 500}, {"role": "PM", "rate": 800}],
        "milestones": [
            {"id": "M1", "milestone": "Design signed", "baseline_date": D(2026, 2, 6),
             "forecast_date": D(2026, 2, 6), "actual_date": D(2026, 2, 10), "status": "Done",
             "steering": "Yes"},
            {"id": "M2", "milestone": "Go-live", "baseline_date": D(2026, 5, 29),
             "forecast_date": D(2026, 6, 5), "status": "At risk", "steering": "Yes"},
        ],
        "risks": [
            {"id": "R1", "risk": "Key developer leaves", "category": "Human",
             "probability": 3, "impact": 3, "status": "Open"},
            {"id": "R2", "risk": "Vendor late", "category": "Schedule", "probability": 2,
             "impact": 2, "status": "Mitigating"},
            {"id": "R3", "risk": "Old risk", "category": "Other", "probability": 4,
             "impact": 4, "status": "Closed"},
        ],
        "actions": [
            {"id": "A1", "action": "Book UAT room", "due_date": D(2026, 3, 10),
             "status": "In progress", "risk_id": "R1"},
            {"id": "A2", "action": "Sign CR", "due_date": D(2026, 3, 1), "status": "Done"},
            {"id": "A3", "action": "Hire backup", "due_date": D(2026, 3, 20), "status": "Open"},
        ],
        "decisions": [
            {"id": "D1", "decision": "Approve budget", "status": "Pending"},
            {"id": "D2", "decision": "Pick vendor", "status": "Taken"},
        ],
    }


def make_tracker(tmp_path: Path, name: str = "tracker.xlsx", *, project: dict | None = None,
                 tables: dict | None = None, lang: str = "en", **project_overrides: Any) -> Path:
    card = base_project(**project_overrides) if project is None else project
    return write_tracker(tmp_path / name, card, base_tables() if tables is None else tables,
                         lang=lang)


@dataclass
class Formula:
    """A formula cell with the value Excel cached for it (an error string like '#N/A' too)."""

    formula: str
    cached: Any


@dataclass
class Table:
    sheet: str
    ref: str  # "B5:D9", the header row first
    name: str


def _write(ws: Any, ref: str, value: Any, date_fmt: Any) -> None:
    if isinstance(value, Formula):
        ws.write_formula(ref, value.formula, None, value.cached)
    elif isinstance(value, dt.date):
        ws.write_datetime(ref, dt.datetime(value.year, value.month, value.day), date_fmt)
    elif isinstance(value, str):
        ws.write_string(ref, value)
    elif value is not None:
        ws.write(ref, value)


def make_workbook(path: Path, sheets: dict[str, dict[str, Any]],
                  tables: list[Table] | None = None, merges: dict[str, list[str]] | None = None
                  ) -> Path:
    """Cells by A1 reference, per sheet; Excel Tables whose headers are the cells given."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                         "strings_to_numbers": False,
                                         "strings_to_urls": False})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    for sheet_name, cells in sheets.items():
        ws = wb.add_worksheet(sheet_name)
        for t in tables or []:
            if t.sheet == sheet_name:
                (r1, c1), (r2, c2) = (xl_cell_to_rowcol(x) for x in t.ref.split(":"))
                headers = [str(cells.get(xl_rowcol_to_cell(r1, c), f"Column{c}"))
                           for c in range(c1, c2 + 1)]
                ws.add_table(r1, c1, r2, c2, {"name": t.name,
                                              "columns": [{"header": h} for h in headers]})
        for rng in (merges or {}).get(sheet_name, []):
            ws.merge_range(rng, "")
        for ref, value in cells.items():
            _write(ws, ref, value, date_fmt)
    wb.close()
    return path


def finding_set(portfolio, *, severity: str | None = None) -> set[tuple[str, str, str]]:
    """{(rule, sheet, cell)} of a portfolio's findings."""
    f = portfolio.findings
    if severity:
        f = f[f["severity"] == severity]
    return set(zip(f["rule"], f["sheet"], f["cell"], strict=True))


def grid(top_left: str, rows: list[list[Any]]) -> dict[str, Any]:
    """Cells of a block of rows starting at ``top_left`` (e.g. "B5")."""
    r0, c0 = xl_cell_to_rowcol(top_left)
    return {xl_rowcol_to_cell(r0 + i, c0 + j): v
            for i, row in enumerate(rows) for j, v in enumerate(row) if v is not None}


def minimal_sheets(lang: str = "en") -> dict[str, dict[str, Any]]:
    """The smallest valid tracker as raw cells: card at A1, each table at A1."""
    en = lang == "en"
    return {
        "Project" if en else "Projet": grid("A1", [
            ["Project code" if en else "Code projet", "P-900"],
            ["Project name" if en else "Nom du projet", "Raw"],
            ["Reporting date" if en else "Date de reporting", AS_OF],
        ]),
        "Workload" if en else "Charges": grid("A1", [
            ["Resource", "Month", "Planned (days)", "Actual (days)", "Remaining (days)"] if en
            else ["Ressource", "Mois", "Prévu (j/h)", "Consommé (j/h)", "Reste à faire (j/h)"],
            ["Ann", D(2026, 3, 1), 10, 4, 6],
        ]),
        "Milestones" if en else "Jalons": grid("A1", [
            ["Milestone", "Baseline date", "Forecast date", "Status"] if en
            else ["Jalon", "Date de référence", "Date prévisionnelle", "Statut"],
            ["Go-live", D(2026, 6, 5), D(2026, 6, 5), "On track" if en else "Dans les temps"],
        ]),
        "Risks" if en else "Risques": grid("A1", [
            ["Risk", "Probability", "Impact", "Status"] if en
            else ["Risque", "Probabilité", "Impact", "Statut"],
            ["Vendor late", 2, 3, "Open" if en else "Ouvert"],
        ]),
        "Actions": grid("A1", [
            ["Action", "Due date", "Status"] if en else ["Action", "Échéance", "Statut"],
            ["Call vendor", D(2026, 3, 20), "Open" if en else "Ouverte"],
        ]),
    }
