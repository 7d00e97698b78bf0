"""Data-quality rules: stable codes, severities and their messages in EN and FR.

A rule code never changes meaning once released (like pandera's SchemaErrorReason):
PMOs filter and count findings by code across weeks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pmo_xl.schema import text
from pmo_xl.schema.contract import BAD, CHOICES, SHEETS_BY_KEY, WARN
from pmo_xl.schema.model import Choice, Choices


class Severity(StrEnum):
    ERROR = "error"  # the value, row or file cannot be used and is left out
    WARNING = "warning"  # used, but suspicious
    INFO = "info"


# Most severe first: findings are listed in this order.
SEVERITY = Choices("severity", (
    Choice("Error", "Erreur", tone=BAD, key=Severity.ERROR),
    Choice("Warning", "Avertissement", tone=WARN, key=Severity.WARNING),
    Choice("Info", "Info", key=Severity.INFO),
))


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    en: str
    fr: str

    def message(self, lang: str, params: Mapping[str, Any]) -> str:
        """The message in ``lang``, each parameter rendered in that language too."""
        template = self.fr if lang == "fr" else self.en
        return template.format(**{k: render_param(k, v, lang) for k, v in params.items()})


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

_RULES = (
    # The file as a whole: left out.
    Rule("FILE_UNREADABLE", _E, "Not a readable workbook ({reason}); file left out.",
         "Classeur illisible ({reason}) ; fichier écarté."),
    Rule("FILE_LEGACY_XLS", _E,
         "Old .xls format; save it as .xlsx or .xlsm. File left out.",
         "Ancien format .xls ; enregistrez-le en .xlsx ou .xlsm. Fichier écarté."),
    Rule("FILE_ENCRYPTED", _E, "Password-protected workbook; remove the password. File left out.",
         "Classeur protégé par mot de passe ; retirez le mot de passe. Fichier écarté."),
    Rule("FILE_TOO_LARGE", _E, "{reason}; file left out to protect the run.",
         "{reason} ; fichier écarté pour protéger le traitement."),
    Rule("SCHEDULE_UNREADABLE", _E, "Schedule cannot be read ({reason}); file left out.",
         "Planning illisible ({reason}) ; fichier écarté."),
    Rule("SCHEDULES_NOT_ENABLED", _W,
         "{count} schedule(s) (MS Project, Primavera…) found with the trackers and not read: "
         "install the schedules extra (pip install \"pmo-xl[schedules]\") and Java 11+ to "
         "read them as trackers.",
         "{count} planning(s) (MS Project, Primavera…) trouvé(s) avec les suivis et non lu(s) : "
         "installez l'extra schedules (pip install \"pmo-xl[schedules]\") et Java 11+ pour "
         "les lire comme des suivis."),
    Rule("SCHEDULES_NO_JAVA", _E,
         "{count} schedule(s) (MS Project, Primavera…) not read: no Java runtime ({reason}). "
         "Install Java 11+ (Debian: apt-get install default-jre-headless).",
         "{count} planning(s) (MS Project, Primavera…) non lu(s) : pas d'environnement Java "
         "({reason}). Installez Java 11+ (Debian : apt-get install default-jre-headless)."),
    Rule("SHEET_MISSING", _E, "Required sheet '{missing_sheet}' not found; {consequence}.",
         "Onglet obligatoire '{missing_sheet}' introuvable ; {consequence}."),
    Rule("PROJECT_UNUSABLE", _E, "No {what}: the whole tracker is left out.",
         "{what} absent(e) : le suivi entier est écarté."),
    Rule("DUPLICATE_PROJECT", _E,
         "Project code {code} also in {other} (reporting date {other_as_of}); "
         "this file ({as_of}) is left out, the later one is used.",
         "Code projet {code} aussi dans {other} (date de reporting {other_as_of}) ; "
         "ce fichier ({as_of}) est écarté, le plus récent est retenu."),
    # Structure.
    Rule("HEADER_NOT_FOUND", _E,
         "No header row found in the first {rows} rows (expected e.g. {expected}); "
         "sheet left out.",
         "Aucune ligne d'en-tête dans les {rows} premières lignes (attendu p. ex. {expected}) ; "
         "onglet écarté."),
    Rule("WORKLOAD_NOT_FOUND", _E,
         "No workload found in the first {rows} rows, in either form: the long form needs a "
         "header row with {expected}; the grid form, identifying columns then months across "
         "(01/2026, janv. 2026…) with a Measure column, or sheets named Planned, Actual, "
         "Remaining. Sheet left out.",
         "Aucune charge trouvée dans les {rows} premières lignes, sous aucune forme : la forme "
         "en lignes demande une ligne d'en-tête avec {expected} ; la forme en grille, des "
         "colonnes d'identification puis les mois en colonnes (01/2026, janv. 2026…) avec une "
         "colonne Mesure, ou des onglets nommés Prévu, Consommé, Reste à faire. Onglet écarté."),
    Rule("GRID_WITHOUT_MEASURE", _E,
         "Months across but no 'Measure' column (Planned, Actual, Remaining) and no sheets "
         "named by the measures: what the months hold is unknown; the workload is missing.",
         "Mois en colonnes mais ni colonne 'Mesure' (Prévu, Consommé, Reste à faire) ni "
         "onglets nommés par les mesures : le contenu des mois est inconnu ; les charges "
         "manquent."),
    Rule("COLUMN_MISSING", _E, "Required column '{column}' not found; its values are missing.",
         "Colonne obligatoire '{column}' introuvable ; ses valeurs manquent."),
    Rule("LABEL_MISSING", _E, "Label '{column}' not found on the project card.",
         "Libellé '{column}' introuvable dans la fiche projet."),
    Rule("COLUMN_DUPLICATE", _W, "Column '{column}' appears twice; the first one is used.",
         "La colonne '{column}' apparaît deux fois ; la première est retenue."),
    # Values.
    Rule("VALUE_REQUIRED", _E, "'{column}' is blank; {consequence}.",
         "'{column}' est vide ; {consequence}."),
    Rule("VALUE_NOT_DATE", _E,
         "'{column}' is not a date (expected dd/mm/yyyy or yyyy-mm-dd); {consequence}.",
         "'{column}' n'est pas une date (attendu jj/mm/aaaa ou aaaa-mm-jj) ; {consequence}."),
    Rule("VALUE_NOT_NUMBER", _E, "'{column}' is not a number; {consequence}.",
         "'{column}' n'est pas un nombre ; {consequence}."),
    Rule("VALUE_NOT_INTEGER", _E, "'{column}' must be a whole number; {consequence}.",
         "'{column}' doit être un nombre entier ; {consequence}."),
    Rule("VALUE_OUT_OF_RANGE", _E, "'{column}' must be {bounds}; {consequence}.",
         "'{column}' doit être {bounds} ; {consequence}."),
    Rule("VALUE_NOT_IN_LIST", _E, "'{column}' must be one of: {allowed}; {consequence}.",
         "'{column}' doit valoir : {allowed} ; {consequence}."),
    Rule("VALUE_EXCEL_ERROR", _E, "'{column}' holds the Excel error {error}; {consequence}.",
         "'{column}' contient l'erreur Excel {error} ; {consequence}."),
    Rule("VALUE_NOT_EMAIL", _E, "'{column}' is not an e-mail address; {consequence}.",
         "'{column}' n'est pas une adresse e-mail ; {consequence}."),
    # The collection: the projects the PMO expects (the register, else the last report).
    Rule("TRACKER_MISSING", _E, "No tracker received for project {value} ({name}), {basis}.",
         "Aucun suivi reçu pour le projet {value} ({name}), {basis}."),
    Rule("TRACKER_NOT_REGISTERED", _W,
         "Project {value} is not in the register; consolidated all the same.",
         "Le projet {value} n'est pas dans le registre ; consolidé quand même."),
    Rule("REGISTER_UNREADABLE", _E,
         "The register cannot be used ({reason}); the projects of the last report are "
         "expected instead.",
         "Le registre est inutilisable ({reason}) ; les projets du dernier reporting sont "
         "attendus à la place."),
    # Consistency (warnings: used, but suspicious).
    Rule("ACTUAL_IN_FUTURE", _W,
         "Actual days in {month}, after the reporting month {as_of_month}.",
         "Consommé saisi en {month}, après le mois de reporting {as_of_month}."),
    Rule("REMAINING_IN_PAST", _W,
         "Remaining days in {month}, before the reporting month {as_of_month}.",
         "Reste à faire saisi en {month}, avant le mois de reporting {as_of_month}."),
    Rule("MILESTONE_DONE_NO_DATE", _W, "Milestone marked done but has no actual date.",
         "Jalon atteint sans date réelle."),
    Rule("MILESTONE_DATE_NOT_DONE", _W, "Milestone has an actual date but is not marked done.",
         "Jalon avec une date réelle mais non marqué atteint."),
    Rule("MILESTONE_FORECAST_PASSED", _W,
         "Forecast date already past (reporting date {as_of}) and the milestone is not done: "
         "give it a new forecast, or its actual date.",
         "Date prévisionnelle déjà dépassée (date de reporting {as_of}) et jalon non atteint : "
         "donnez-lui une nouvelle prévision, ou sa date réelle."),
    Rule("REPORT_STALE", _W,
         "Reporting date {as_of} is {age} days from the portfolio's ({portfolio}; limit "
         "{limit} days).",
         "Date de reporting {as_of} à {age} jours de celle du portefeuille ({portfolio} ; "
         "limite {limit} jours)."),
    Rule("REPORT_IN_FUTURE", _E,
         "Reporting date {as_of} is after the day of the run ({today}); the portfolio's "
         "date ({used}) is used instead.",
         "Date de reporting {as_of} postérieure au jour du traitement ({today}) ; la date "
         "du portefeuille ({used}) est retenue."),
    Rule("DUPLICATE_ID", _W, "ID {value} is used more than once in this sheet.",
         "L'ID {value} est utilisé plusieurs fois dans cet onglet."),
    Rule("CRITICALITY_MISMATCH", _W,
         "Criticality given ({value}) differs from probability × impact ({computed}); "
         "the computed one is used.",
         "Criticité saisie ({value}) différente de probabilité × impact ({computed}) ; "
         "la valeur calculée est retenue."),
    Rule("RATE_MISSING", _W,
         "No daily rate for role '{role}' ({days} days); their cost counts as 0.",
         "Aucun TJM pour le profil '{role}' ({days} jours) ; leur coût compte pour 0."),
    Rule("RISK_ID_UNKNOWN", _W, "Linked risk {value} is not in the Risks sheet.",
         "Le risque lié {value} n'est pas dans l'onglet Risques."),
    Rule("END_BEFORE_START", _W, "{column} is before the start date.",
         "{column} est antérieure à la date de début."),
)

RULES: dict[str, Rule] = {r.code: r for r in _RULES}


def rule(code: str) -> Rule:
    return RULES[code]


# Wording of what happens to the data, reused by value rules.
CONSEQUENCES = {
    "value": ("value left out", "valeur écartée"),
    "row": ("row left out", "ligne écartée"),
    "project": ("tracker left out", "suivi écarté"),
    "sheet": ("its data is missing", "ses données manquent"),
}


# Why a file could not be read, inside FILE_UNREADABLE / FILE_TOO_LARGE messages.
REASONS = {
    "empty": ("empty file", "fichier vide"),
    "not_excel": ("not an Excel file", "pas un fichier Excel"),
    "no_workbook": ("no xl/workbook.xml: not an Excel workbook",
                    "pas de xl/workbook.xml : ce n'est pas un classeur Excel"),
    "corrupt_zip": ("corrupt zip: {detail}", "zip corrompu : {detail}"),
    "damaged_entry": ("damaged zip entry {part}", "entrée zip endommagée {part}"),
    "compression": ("unsupported compression in {part}",
                    "compression non prise en charge dans {part}"),
    "corrupt_data": ("corrupt data in {part}", "données corrompues dans {part}"),
    "structure": ("damaged workbook structure: {detail}",
                  "structure du classeur endommagée : {detail}"),
    "file_size": ("file is {mb} MB", "le fichier fait {mb} Mo"),
    "part_size": ("part {part} expands to {size} bytes",
                  "la partie {part} occupe {size} octets une fois décompressée"),
    "part_cap": ("part {part} expands beyond {mb} MB",
                 "la partie {part} dépasse {mb} Mo une fois décompressée"),
    "sheet_size": ("sheet '{sheet}' is too large", "l'onglet '{sheet}' est trop volumineux"),
    "beyond_grid": ("sheet '{sheet}' goes beyond Excel's grid (row {row}, column {col})",
                    "l'onglet '{sheet}' dépasse la grille d'Excel (ligne {row}, colonne {col})"),
    "cells": ("sheet '{sheet}' spans {rows} rows × {cols} columns, over the {limit}-cell limit",
              "l'onglet '{sheet}' couvre {rows} lignes × {cols} colonnes, au-delà de la limite "
              "de {limit} cellules"),
    "no_code_column": ("no 'Project code' column", "pas de colonne 'Code projet'"),
    "schedule_password": ("password-protected: save it without a password",
                          "protégé par mot de passe : enregistrez-le sans mot de passe"),
    "schedule_corrupt": ("damaged or not a schedule: {detail}",
                         "endommagé ou pas un planning : {detail}"),
    "schedule_unsupported": ("a format MPXJ does not know", "un format que MPXJ ne connaît pas"),
    "schedule_empty": ("no task in it", "aucune tâche"),
    "system": ("{detail}", "{detail}"),
    "internal": ("internal error {detail}", "erreur interne {detail}"),
}


def reason_text(reason: Mapping[str, Any], lang: str) -> str:
    """A reason (``{"key": …, params…}``) in ``lang``; whole numbers grouped as each
    language does."""
    key = reason.get("key", "")
    if not key:
        return ""
    shown = {k: (text.whole(v, lang) if isinstance(v, int) and not isinstance(v, bool) else v)
             for k, v in reason.items() if k != "key"}
    return text.pick(REASONS[key], lang).format(**shown)


def field_ref(sheet: str, key: str, header: str = "") -> str:
    """A language-free reference to a contract field, for finding parameters; with the
    header a house's tracker gives it (a settings mapping), ``risks.impact@Gravité``."""
    return f"{sheet}.{key}@{header}" if header else f"{sheet}.{key}"


def field_label(ref: str, lang: str) -> str:
    """The field's label in ``lang``; a house header first, the contract's after it:
    ``Temps passé (j) [Actual]``."""
    ref, _, header = ref.partition("@")
    sheet, key = ref.split(".", 1)
    label = SHEETS_BY_KEY[sheet].field(key).label(lang)
    return f"{header} [{label}]" if header else label


def bounds_text(bounds: Mapping[str, float | None], lang: str) -> str:
    low, high = bounds.get("min"), bounds.get("max")
    if low is not None and high is not None:
        return (f"entre {text.number(low, lang)} et {text.number(high, lang)}" if lang == "fr"
                else f"between {text.number(low, lang)} and {text.number(high, lang)}")
    if low is not None:
        return f"≥ {text.number(low, lang)}"
    return f"≤ {text.number(high or 0, lang)}"


def _required_labels(sheet: str, lang: str) -> str:
    return ", ".join(f.label(lang) for f in SHEETS_BY_KEY[sheet].fields if f.required)


# Finding parameters are stored free of language (keys, numbers, ISO dates) and
# rendered when a message is shown, in the language of the output showing it.
_RENDER: dict[str, Callable[[Any, str], str]] = {
    "reason": reason_text,
    "consequence": lambda v, lang: text.pick(CONSEQUENCES[v], lang),
    "column": field_label,
    "what": lambda v, lang: " / ".join(field_label(ref, lang) for ref in v),
    "missing_sheet": lambda v, lang: SHEETS_BY_KEY[v].label(lang),
    "expected": _required_labels,
    "bounds": bounds_text,
    "allowed": lambda v, lang: ", ".join(CHOICES[v].labels(lang)),
    "month": lambda v, lang: text.month(v),
    "as_of_month": lambda v, lang: text.month(v),
    "basis": lambda v, lang: (
        text.pick(("expected by the register", "attendu par le registre"), lang)
        if v.get("register") else text.pick(("which last reported on {}",
                                              "dont le dernier reporting date du {}"),
                                             lang).format(text.date(v.get("last")))),
    "as_of": lambda v, lang: text.date(v),
    "today": lambda v, lang: text.date(v),
    "used": lambda v, lang: text.date(v),
    "portfolio": lambda v, lang: text.date(v),
    "other_as_of": lambda v, lang: text.date(v),
    "age": text.number, "limit": text.number, "days": text.number, "computed": text.number,
    "rows": text.number, "count": text.number,
}


def render_param(name: str, value: Any, lang: str) -> str:
    if name in _RENDER and value not in ("", None):
        return _RENDER[name](value, lang)
    return "" if value is None else str(value)


def encode_params(params: Mapping[str, Any]) -> str:
    """Finding parameters as the JSON text stored with the finding (cache, tables)."""
    return json.dumps(dict(params), sort_keys=True, ensure_ascii=False, default=str)


def render_message(code: str, params: str | Mapping[str, Any], lang: str) -> str:
    """The message of a stored finding, in ``lang``."""
    values = json.loads(params) if isinstance(params, str) else params
    return RULES[code].message(lang, values)
