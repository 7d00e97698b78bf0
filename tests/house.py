"""A PMO's own tracker format, as found in the field, built in code for the tests.

Not pmo-xl's template: a title row over each table, no Excel Tables, no dropdowns, the
house's own sheet names, headers and card labels, risk levels as words and its own
status words. ``HOUSE_TOML`` is the ``[aliases]`` mapping that makes pmo-xl read it;
``house_tracker`` writes the same project data a standard tracker would hold.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

from pmo_xl.schema.contract import SHEETS

SHEET_NAMES = {"project": "Fiche d'identité", "workload": "Plan de charge",
               "rates": "Grille tarifaire", "milestones": "Planning jalons",
               "risks": "Registre des risques", "actions": "Plan d'actions",
               "decisions": "Arbitrages", "costs": "Achats"}
LABELS = {  # (sheet, field) -> the house's header or card label
    ("project", "code"): "Réf. projet", ("project", "name"): "Intitulé",
    ("project", "manager"): "Responsable", ("project", "status"): "Météo globale",
    ("project", "as_of"): "Date de situation", ("project", "budget_days"): "Enveloppe (j)",
    ("project", "budget_cost"): "Enveloppe (€ HT)", ("project", "trend"): "Évolution",
    ("project", "end_forecast"): "Fin estimée",
    ("workload", "resource"): "Intervenant", ("workload", "planned"): "Charge prévue (j)",
    ("workload", "actual"): "Temps passé (j)", ("workload", "remaining"): "RAF (j)",
    ("workload", "rate"): "Taux jour",
    ("rates", "rate"): "Taux jour",
    ("milestones", "milestone"): "Libellé jalon", ("milestones", "forecast_date"): "Date cible",
    ("milestones", "steering"): "Jalon COPIL ?",
    ("risks", "risk"): "Description du risque", ("risks", "probability"): "Proba",
    ("risks", "impact"): "Gravité", ("risks", "status"): "État",
    ("actions", "action"): "Tâche à mener", ("actions", "due_date"): "Pour le",
    ("decisions", "decision"): "Arbitrage demandé",
}
WORDS = {  # (sheet, field) -> {contract value: house word}
    ("project", "status"): {"Green": "OK", "Amber": "Vigilance", "Red": "Alerte"},
    ("risks", "probability"): {1: "Faible", 2: "Moyen", 3: "Fort", 4: "Très fort"},
    ("risks", "impact"): {1: "Mineur", 2: "Significatif", 3: "Grave", 4: "Critique"},
    ("risks", "status"): {"Closed": "Clôturé", "Open": "À traiter"},
    ("actions", "status"): {"Done": "Soldée"},
}

def _toml_word(value: Any) -> str:
    return str(value) if isinstance(value, int) else f'"{value}"'


def _mapping_toml() -> str:
    """The mapping a PMO writes in pmo_xl.toml for this format."""
    lines = ["[aliases.sheets]", *(f'{k} = ["{v}"]' for k, v in SHEET_NAMES.items())]
    for sheet in SHEET_NAMES:
        labels = [(k, label) for (s, k), label in LABELS.items() if s == sheet]
        if labels:
            lines += [f"[aliases.{sheet}]", *(f'{k} = ["{label}"]' for k, label in labels)]
    for sheet in SHEET_NAMES:
        words = [(k, w) for (s, k), w in WORDS.items() if s == sheet]
        if words:
            lines.append(f"[aliases.values.{sheet}]")
            lines += [f"{k} = {{ " + ", ".join(f'"{word}" = {_toml_word(v)}'
                                               for v, word in w.items()) + " }"
                      for k, w in words]
    return "\n".join(lines) + "\n"


HOUSE_TOML = _mapping_toml()


def _label(sheet: str, f: Any) -> str:
    return LABELS.get((sheet, f.key), f.fr)


def _word(sheet: str, key: str, value: Any) -> Any:
    return WORDS.get((sheet, key), {}).get(value, value)


def _cell(value: Any) -> Any:
    return dt.datetime(value.year, value.month, value.day) if isinstance(value, dt.date) \
        else value


def house_tracker(path: Path, card: dict[str, Any], tables: dict[str, list[dict]]) -> Path:
    """The project in the house's format: a card of labels and values under a title,
    each table under a title and a blank row, in the house's words."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in SHEETS:
        ws = wb.create_sheet(SHEET_NAMES[sheet.key])
        ws.append([f"{SHEET_NAMES[sheet.key]} — {card['name']}"])
        ws.append([])
        if sheet.key == "project":
            for f in sheet.fields:
                if f.key in card:
                    ws.append([_label("project", f), _cell(_word("project", f.key,
                                                                  card[f.key]))])
            continue
        rows = tables.get(sheet.key, [])
        if not rows and not sheet.required:
            wb.remove(ws)
            continue
        ws.append([_label(sheet.key, f) for f in sheet.fields])
        for row in rows:
            ws.append([_cell(_word(sheet.key, f.key, row.get(f.key))) for f in sheet.fields])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
