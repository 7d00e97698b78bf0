"""A PMO's own tracker format, as found in the field, built in code for the tests.

Not pmo-xl's template: a title row over each table, no Excel Tables, no dropdowns, the
house's own sheet names, headers and card labels, risk levels as words and its own
status words. Two houses: a French PMO's (``FRENCH``) and an English one's
(``ENGLISH``, its card labels in column B under a logo row). ``House.toml`` is the
``[aliases]`` mapping that makes pmo-xl read it; ``house_tracker`` writes the same
project data a standard tracker would hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from pmo_xl.schema.contract import SHEETS

_FR_SHEETS = {"project": "Fiche d'identité", "workload": "Plan de charge",
               "rates": "Grille tarifaire", "milestones": "Planning jalons",
               "risks": "Registre des risques", "actions": "Plan d'actions",
               "decisions": "Arbitrages", "costs": "Achats"}
_FR_LABELS = {  # (sheet, field) -> the house's header or card label
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
_FR_WORDS = {  # (sheet, field) -> {contract value: house word}
    ("project", "status"): {"Green": "OK", "Amber": "Vigilance", "Red": "Alerte"},
    ("risks", "probability"): {1: "Faible", 2: "Moyen", 3: "Fort", 4: "Très fort"},
    ("risks", "impact"): {1: "Mineur", 2: "Significatif", 3: "Grave", 4: "Critique"},
    ("risks", "status"): {"Closed": "Clôturé", "Open": "À traiter"},
    ("actions", "status"): {"Done": "Soldée"},
}

_EN_SHEETS = {"project": "Project charter", "workload": "Resource plan",
              "rates": "Day rates", "milestones": "Key dates", "risks": "RAID log",
              "actions": "Action log", "decisions": "Decision log", "costs": "Spend"}
_EN_LABELS = {
    ("project", "code"): "Project ref", ("project", "name"): "Project title",
    ("project", "manager"): "PM", ("project", "status"): "RAG status",
    ("project", "as_of"): "Status date", ("project", "budget_days"): "Approved effort (d)",
    ("project", "budget_cost"): "Approved budget (USD)",
    ("workload", "resource"): "Person", ("workload", "planned"): "Baseline (d)",
    ("workload", "actual"): "Spent (d)", ("workload", "remaining"): "ETC (d)",
    ("milestones", "milestone"): "Key date", ("milestones", "forecast_date"): "Forecast",
    ("risks", "risk"): "Description", ("risks", "probability"): "Likelihood",
    ("risks", "impact"): "Severity", ("risks", "status"): "State",
    ("actions", "due_date"): "Target date", ("decisions", "decision"): "Decision required",
}
_EN_WORDS = {
    ("project", "status"): {"Green": "G", "Amber": "A", "Red": "R"},
    ("risks", "probability"): {1: "Low", 2: "Medium", 3: "High", 4: "Very high"},
    ("risks", "impact"): {1: "Minor", 2: "Moderate", 3: "Major", 4: "Severe"},
    ("risks", "status"): {"Closed": "Retired", "Open": "Live", "Mitigating": "Treating"},
    ("actions", "status"): {"Open": "Not started", "In progress": "Ongoing"},
    ("milestones", "status"): {"At risk": "Slipping"},
}


def _toml_word(value: Any) -> str:
    return str(value) if isinstance(value, int) else f'"{value}"'


@dataclass(frozen=True)
class House:
    """A house format: its sheet names, labels (by contract sheet and field) and words
    (contract value -> house word); ``card_col`` is where its card's labels start."""

    name: str
    sheets: dict[str, str]
    labels: dict[tuple[str, str], str]
    words: dict[tuple[str, str], dict[Any, str]]
    lang: str = "fr"
    card_col: int = 0

    @property
    def toml(self) -> str:
        """The mapping a PMO writes in pmo_xl.toml for this format."""
        lines = ["[aliases.sheets]", *(f'{k} = ["{v}"]' for k, v in self.sheets.items())]
        for sheet in self.sheets:
            labels = [(k, label) for (s, k), label in self.labels.items() if s == sheet]
            if labels:
                lines += [f"[aliases.{sheet}]",
                          *(f'{k} = ["{label}"]' for k, label in labels)]
        for sheet in self.sheets:
            words = [(k, w) for (s, k), w in self.words.items() if s == sheet]
            if words:
                lines.append(f"[aliases.values.{sheet}]")
                lines += [f"{k} = {{ " + ", ".join(f'"{word}" = {_toml_word(v)}'
                                                   for v, word in w.items()) + " }"
                          for k, w in words]
        return "\n".join(lines) + "\n"

    def label(self, sheet: str, f: Any) -> str:
        return self.labels.get((sheet, f.key), f.label(self.lang))

    def word(self, sheet: str, key: str, value: Any) -> Any:
        return self.words.get((sheet, key), {}).get(value, value)


FRENCH = House("french", _FR_SHEETS, _FR_LABELS, _FR_WORDS)
ENGLISH = House("english", _EN_SHEETS, _EN_LABELS, _EN_WORDS, lang="en", card_col=1)
HOUSES = (FRENCH, ENGLISH)
# The French house, as the first tests name it.
SHEET_NAMES, LABELS, WORDS, HOUSE_TOML = FRENCH.sheets, FRENCH.labels, FRENCH.words, \
    FRENCH.toml


def _cell(value: Any) -> Any:
    return dt.datetime(value.year, value.month, value.day) if isinstance(value, dt.date) \
        else value


def house_tracker(path: Path, card: dict[str, Any], tables: dict[str, list[dict]],
                  house: House = FRENCH) -> Path:
    """The project in the house's format: a card of labels and values under a title,
    each table under a title and a blank row, in the house's words."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    pad = [None] * house.card_col
    for sheet in SHEETS:
        ws = wb.create_sheet(house.sheets[sheet.key])
        ws.append([f"{house.sheets[sheet.key]} — {card['name']}"])
        ws.append([])
        if sheet.key == "project":
            for f in sheet.fields:
                if f.key in card:
                    ws.append([*pad, house.label("project", f),
                               _cell(house.word("project", f.key, card[f.key]))])
            continue
        rows = tables.get(sheet.key, [])
        if not rows and not sheet.required:
            wb.remove(ws)
            continue
        ws.append([house.label(sheet.key, f) for f in sheet.fields])
        for row in rows:
            ws.append([_cell(house.word(sheet.key, f.key, row.get(f.key)))
                       for f in sheet.fields])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
