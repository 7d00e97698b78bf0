"""The registry of figures: every column any output shows, once.

A figure is a key (the column of the portfolio's tables), its EN/FR label, what it
measures (its kind: days, money, percent…, which gives its Excel format, width, unit
and text), the enumeration its words come from, and a one-line meaning. Contract
fields take their labels from the schema; derived figures are declared here. The
master's tables and dashboard, the deck's tables and charts, the UDF answers, the
history's figures, the CSV headers and ``docs/figures.md`` all read this module.

Adding a figure everywhere: its function in ``kpis/``, one ``_f`` entry below (and its
key in the views that show it), a test. See ``docs/architecture.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from pmo_xl.figures.kinds import FORMATS, number_text
from pmo_xl.schema import text
from pmo_xl.schema.contract import (
    BAD,
    CRITICALITY_CLASS,
    PROJECT,
    RAG,
    REPORTING,
    SHEETS_BY_KEY,
    TREND,
    WORKLOAD,
    yes_no,
)
from pmo_xl.schema.model import Choices, Field, Kind, Tone
from pmo_xl.schema.normalize import strip_unit
from pmo_xl.schema.rules import SEVERITY

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Figure:
    key: str
    kind: Kind
    en: str
    fr: str
    meaning_en: str = ""
    meaning_fr: str = ""
    short_en: str = ""  # narrow headers, legends and inline text; the label without unit
    short_fr: str = ""
    choices: Choices | None = None
    signed: bool = False  # shown with its sign: a change, a variance, a slip
    width: float | None = None  # column width when the kind's does not fit
    render: Callable[[Row, str], str] | None = None  # shown from other figures of its row
    table: str | None = None  # only in this table (a contract field shown differently)
    tone: Tone | None = None  # a flag's colour when true (stale, overdue…)
    internal: bool = False  # for tools only (Parquet), not in what people read (CSV)

    def label(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en

    def _own_short(self, lang: str) -> str:
        return self.short_fr if lang == "fr" else self.short_en

    def short(self, lang: str) -> str:
        """For legends and inline text: the declared short label, else the label without
        its unit."""
        return self._own_short(lang) or strip_unit(self.label(lang)) or self.label(lang)

    def heading(self, lang: str) -> str:
        """A narrow column's header: the short label where one is declared, else the label."""
        return self._own_short(lang) or self.label(lang)

    def meaning(self, lang: str) -> str:
        return self.meaning_fr if lang == "fr" else self.meaning_en

    @property
    def excel_format(self) -> str:
        return FORMATS[self.kind].excel

    @property
    def column_width(self) -> float:
        return self.width or FORMATS[self.kind].width

    def text(self, value: object, lang: str, *, unit: bool = False) -> str:
        """The value as a slide, a message or a terminal shows it, in ``lang``."""
        if text.is_missing(value):
            return text.DASH
        if self.kind is Kind.DATE:
            return text.date(value)
        if self.kind is Kind.MONTH:
            return text.month(value)
        if self.kind is Kind.FLAG:
            return yes_no(value, lang)
        if self.choices is not None and isinstance(value, str):
            return self.choices.translate(value, lang)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return number_text(self.kind, value, lang, signed=self.signed, unit=unit)
        return str(value)

    def cell(self, row: Row, lang: str) -> str:
        """This figure of a row, as text (composite figures are built from the row)."""
        if self.render is not None:
            return self.render(row, lang)
        return self.text(row.get(self.key), lang)


_TABLE_SHEET = {"projects": "project", "changes": "project", "priorities": "project",
                "missing": "project", "mta": "milestones"}


_f = Figure  # the entries below read as a table: key, kind, EN, FR, meanings, extras


def _field(table: str, key: str, **extra: Any) -> Figure:
    """A contract field shown with something of its own (a short label…)."""
    return replace(_from_field(SHEETS_BY_KEY[_TABLE_SHEET.get(table, table)].field(key)),
                   table=table, **extra)


def _labels(sheet: str, key: str) -> tuple[str, str]:
    """The EN and FR labels of a contract field, for a figure named as that field."""
    f = SHEETS_BY_KEY[sheet].field(key)
    return f.en, f.fr


def _from_field(f: Field) -> Figure:
    return Figure(f.key, f.measure, f.en, f.fr, f.help_en or "As typed in the tracker.",
                  f.help_fr or "Tel que saisi dans le suivi.", choices=f.choices)


# ---------------------------------------------------------------- composite figures


def _eac_vs_budget(row: Row, lang: str) -> str:
    eac, budget = row.get("eac_days"), row.get("budget_days")
    shown = f"{text.whole(eac, lang)} / {text.whole(budget, lang)}"
    if text.is_missing(budget) or not budget or text.is_missing(eac):
        return shown
    return f"{shown} ({text.percent(eac / budget - 1, lang, signed=True)})"


def _status_reasons(row: Row, lang: str) -> str:
    """Which criteria made the computed status, each with its figure: "variance +24%;
    slip 20 d" (``status_drivers`` holds their keys)."""
    drivers = row.get("status_drivers")
    if not isinstance(drivers, str):  # a snapshot recorded before drivers existed
        old = row.get("status_reasons")
        return old if isinstance(old, str) else ""
    parts = []
    for key in filter(None, drivers.split(";")):
        fig = figure("projects", key)
        parts.append(f"{fig.short(lang).lower()} {fig.text(row.get(key), lang, unit=True)}")
    return text.listing(parts, lang)


def _drift(row: Row, lang: str) -> str:
    days, pct = row.get("drift_days"), row.get("drift_pct")
    if text.is_missing(days):
        return text.DASH
    shown = text.number(days, lang, signed=True)
    return shown if text.is_missing(pct) else f"{shown} ({text.percent(pct, lang, signed=True)})"


def _status_move(row: Row, lang: str) -> str:
    if "status_now" not in row:  # the portfolio's line: how many moved
        return f"{row.get('status_changed', 0)} {term('changed', lang)}"
    return f"{_word(RAG, row.get('status_prev'), lang)} → {_word(RAG, row.get('status_now'), lang)}"


def _word(choices: Choices, value: object, lang: str) -> str:
    return choices.translate(value, lang) if isinstance(value, str) else text.DASH


def _risk_moves(row: Row, lang: str) -> str:
    return " / ".join(text.whole(row.get(k, 0), lang)
                      for k in ("new_risks", "closed_risks", "worsened_risks"))


def _milestone_moves(row: Row, lang: str) -> str:
    moved = row.get("moved_milestones", 0)
    if not moved or "max_move_days" not in row:
        return text.whole(moved or 0, lang)
    return f"{text.whole(moved, lang)} ({text.number(row['max_move_days'], lang, signed=True)})"


def _trends(row: Row, lang: str) -> str:
    keys = ("computed_trend", "declared_trend")
    if not any(isinstance(row.get(k), str) for k in keys):
        return ""  # the portfolio's line has none
    return " / ".join(_word(TREND, row.get(k), lang) for k in keys)


def _months_over(row: Row, lang: str) -> str:
    """A person's months over capacity as runs of consecutive months: "02–04/2026,
    11/2026–01/2027, 03/2027"."""
    months = row.get("months_over")
    months = sorted(months) if isinstance(months, (tuple, list)) else []
    runs: list[list[Any]] = []
    for m in months:
        if runs and (m.year * 12 + m.month) - (runs[-1][-1].year * 12 + runs[-1][-1].month) == 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    parts = []
    for run in runs:
        first, last = run[0], run[-1]
        if first == last:
            parts.append(text.month(first))
        elif first.year == last.year:
            parts.append(f"{first:%m}–{text.month(last)}")
        else:
            parts.append(f"{text.month(first)}–{text.month(last)}")
    return ", ".join(parts) or text.DASH


def _peak(row: Row, lang: str) -> str:
    month = row.get("peak_month")
    if text.is_missing(month):
        return text.DASH
    return f"{text.month(month)} ({text.number(row.get('peak_load'), lang)})"


E, C, K = Kind.EFFORT, Kind.COUNT, Kind.MONEY

_DERIVED = (
    _f("project", Kind.TEXT, PROJECT.en, PROJECT.fr, "The project's code.",
       "Le code du projet."),
    _f("source_file", Kind.TEXT, "Source file", "Fichier source",
       "The tracker the row was read from.", "Le suivi d'où vient la ligne."),
    _f("source_row", C, "Row", "Ligne", "The row of the tracker's sheet.",
       "La ligne de l'onglet du suivi."),
    _f("source_cell", Kind.TEXT, "Grid cell", "Cellule de la grille",
       "The grid cell the value was read from (workload kept with months across); blank "
       "for the long form.",
       "La cellule de la grille d'où vient la valeur (charges saisies avec les mois en "
       "colonnes) ; vide pour la forme en lignes."),
    # Effort and cost.
    # The project's totals of the workload's columns: named as those columns.
    _f("planned_days", E, *_labels("workload", "planned"), "Σ planned days of the workload.",
       "Σ des jours prévus des charges."),
    _f("consumed_days", E, "Consumed (days)", WORKLOAD.field("actual").fr,
       "Σ actual days consumed.", "Σ des jours consommés."),
    _f("remaining_days", E, *_labels("workload", "remaining"),
       "Σ days still to do, as re-estimated.", "Σ des jours restant à faire, réestimés."),
    _f("eac_days", E, "EAC (days)", "Réestimé (j/h)",
       "Estimate at completion: consumed + remaining.",
       "Estimation à terminaison : consommé + reste à faire.", short_en="EAC"),
    _f("variance_days", E, "Variance (days)", "Écart (j/h)", "EAC − planned.",
       "Réestimé − prévu.", signed=True),
    _f("variance_pct", Kind.PERCENT, "Variance %", "Écart %", "(EAC − planned) ÷ planned.",
       "(Réestimé − prévu) ÷ prévu.", short_en="Variance", short_fr="Écart", signed=True),
    _f("progress", Kind.PERCENT, "Progress", "Avancement", "Consumed ÷ EAC.",
       "Consommé ÷ réestimé."),
    _f("planned_cost", K, "Planned cost", "Coût prévu",
       "Planned days × daily rate, plus planned non-labour costs.",
       "Jours prévus × TJM, plus les coûts hors main-d'œuvre prévus."),
    _f("consumed_cost", K, "Consumed cost", "Coût consommé",
       "Actual days × daily rate, plus actual non-labour costs.",
       "Jours consommés × TJM, plus les coûts hors main-d'œuvre réels."),
    _f("remaining_cost", K, "Remaining cost", "Coût restant",
       "Remaining days × daily rate, plus remaining non-labour costs.",
       "Reste à faire × TJM, plus les coûts hors main-d'œuvre restants."),
    _f("eac_cost", K, "EAC cost", "Coût réestimé", "Consumed cost + remaining cost.",
       "Coût consommé + coût restant."),
    _f("actual_cost", K, "Actual cost", "Coût réel", "A workload row's actual days × its rate.",
       "Jours consommés d'une ligne × son taux."),
    _f("effective_rate", K, "Daily rate used", "TJM appliqué",
       "The row's own rate, else its role's rate in the Rates sheet.",
       "Le taux de la ligne, sinon celui de son profil dans l'onglet TJM."),
    _f("budget_variance_days", E, "EAC − budget (days)", "Réestimé − budget (j/h)",
       "EAC − budget, in days.", "Réestimé − budget, en jours.", signed=True),
    _f("budget_variance_cost", K, "EAC − budget (cost)", "Réestimé − budget (€)",
       "EAC cost − budget cost.", "Coût réestimé − budget.", signed=True),
    _f("budget_consumed_pct", Kind.PERCENT, "Budget consumed", "Budget consommé",
       "Consumed days ÷ budget days.", "Jours consommés ÷ budget en jours."),
    _f("eac_vs_budget", Kind.TEXT, "EAC / budget (days)", "Réestimé / budget (j/h)",
       "EAC and budget in days, with the overrun.", "Réestimé et budget en jours, et le "
       "dépassement.", width=20, render=_eac_vs_budget),
    _f("load", E, "Load (days)", "Charge (j/h)", "Actual + remaining days of a month.",
       "Consommé + reste à faire d'un mois."),
    _f("forecast", E, "Consumed + remaining", "Consommé + reste à faire",
       "Per month: actual days, plus the days still to do.",
       "Par mois : jours consommés, plus les jours restant à faire."),
    _f("total", E, "Total", "Total", "The sum of the row or column.",
       "La somme de la ligne ou de la colonne."),
    # Resource conflicts (kpis/portfolio.py resource_conflicts): one row per person.
    _f("months_over", Kind.TEXT, "Months over capacity", "Mois au-delà de la capacité",
       "The months whose load (actual + remaining, all projects) exceeds the capacity.",
       "Les mois dont la charge (consommé + reste à faire, tous projets) dépasse la "
       "capacité.", short_en="Months over", short_fr="Mois en surcharge", width=12,
       render=_months_over),
    _f("days_over", E, "Days over capacity", "Jours au-delà de la capacité",
       "Σ over those months of load − capacity.",
       "Σ sur ces mois de la charge − la capacité.", short_en="Days over",
       short_fr="Jours de surcharge"),
    _f("peak_month", Kind.MONTH, "Peak month", "Mois de pointe",
       "The month of the person's highest load.", "Le mois où la charge de la personne est "
       "la plus forte."),
    _f("peak_load", E, "Peak load (days)", "Charge de pointe (j/h)",
       "The load of the peak month, all projects.",
       "La charge du mois de pointe, tous projets."),
    _f("peak", Kind.TEXT, "Peak month (load, days)", "Mois de pointe (charge, j/h)",
       "The peak month and its load.", "Le mois de pointe et sa charge.",
       short_en="Peak month (days)", short_fr="Mois de pointe (j/h)", width=12, render=_peak),
    # Schedule.
    _f("slip_days", Kind.DAYS, "Slip (days)", "Glissement (j)",
       "Working days from the baseline date to the actual (else forecast) date.",
       "Jours ouvrés de la date de référence à la date réelle (sinon prévisionnelle).",
       signed=True),
    _f("max_slip_days", Kind.DAYS, "Max slip (days)", "Glissement max (j)",
       "The largest slip of the project's milestones.",
       "Le plus grand glissement des jalons du projet."),
    _f("max_open_slip_days", Kind.DAYS, "Max slip, open (days)", "Glissement max, en cours (j)",
       "The largest slip of the milestones not yet done.",
       "Le plus grand glissement des jalons non atteints.", short_en="Slip",
       short_fr="Glissement"),
    _f("target_date", Kind.DATE, "Target date", "Date cible",
       "Actual date, else forecast, else baseline.",
       "Date réelle, sinon prévisionnelle, sinon de référence.",
       short_en="Forecast / actual", short_fr="Prévisionnelle / réelle"),
    _f("overdue_milestones", C, "Overdue milestones", "Jalons dépassés",
       "Milestones not done whose forecast (else baseline) date is before the reporting date.",
       "Jalons non atteints dont la date prévisionnelle (sinon de référence) précède la date "
       "de reporting."),
    _f("next_milestone", Kind.NOTE, "Next milestone", "Prochain jalon",
       "The earliest milestone not yet done.", "Le premier jalon non atteint.", width=22),
    _f("next_milestone_date", Kind.DATE, "Next milestone date", "Date du prochain jalon",
       "Its forecast (else baseline) date.", "Sa date prévisionnelle (sinon de référence)."),
    # Risks, actions, decisions.
    _f("criticality", Kind.SCORE, *_labels("risks", "criticality_given"),
       "Probability × impact.", "Probabilité × impact.", short_en="P×I", short_fr="P×I"),
    _f("criticality_class", Kind.ENUM, "Class", "Classe",
       "Minor, major or critical, by criticality on the portfolio's scale.",
       "Mineur, majeur ou critique, selon la criticité sur l'échelle du portefeuille.",
       choices=CRITICALITY_CLASS),
    _f("open_risks", C, "Open risks", "Risques ouverts", "Risks open or being mitigated.",
       "Risques ouverts ou en traitement."),
    _f("critical_risks", C, "Critical risks", "Risques critiques",
       "Open risks of the critical class.", "Risques ouverts de classe critique."),
    _f("overdue", Kind.FLAG, "Overdue", "Hors délai",
       "Neither done nor cancelled, and due before the reporting date.",
       "Ni fermée ni annulée, et échéance avant la date de reporting.", tone=BAD),
    _f("days_late", Kind.DAYS, "Days late", "Jours de retard",
       "Days from an overdue action's due date to the reporting date.",
       "Jours de l'échéance d'une action en retard à la date de reporting."),
    _f("overdue_actions", C, "Overdue actions", "Actions en retard",
       "Actions overdue at the reporting date.", "Actions en retard à la date de reporting."),
    _f("pending_decisions", C, "Pending decisions", "Décisions en attente",
       "Decisions pending (or of unknown status).", "Décisions en attente (ou de statut "
       "inconnu)."),
    # Status.
    _f("report_age_days", Kind.DAYS, "Report age (days)", "Ancienneté du reporting (j)",
       "Days from the project's reporting date to the portfolio's.",
       "Jours de la date de reporting du projet à celle du portefeuille."),
    _f("reporting", Kind.ENUM, "Report", "Reporting",
       "Received this week, or expected and not received (its figures are the last ones "
       "recorded, as of its reporting date).",
       "Reçu cette semaine, ou attendu et non reçu (ses chiffres sont les derniers "
       "enregistrés, à sa date de reporting).", choices=REPORTING),
    _f("stale", Kind.FLAG, "Stale", "Périmé",
       "Reporting date more than the staleness limit away from the portfolio's.",
       "Date de reporting à plus de la limite d'ancienneté de celle du portefeuille.",
       tone=BAD),
    _f("computed_status", Kind.ENUM, "Computed status", "Météo calculée",
       "Green, amber or red from the thresholds of the settings' [status].",
       "Vert, orange ou rouge selon les seuils de [status] des paramètres.",
       short_en="Computed", short_fr="Calculée", choices=RAG),
    _f("status_reasons", Kind.NOTE, "Why", "Pourquoi",
       "The criteria that set the computed status, with their figures.",
       "Les critères qui fixent la météo calculée, avec leurs chiffres.",
       render=_status_reasons),
    _f("status_drivers", Kind.TEXT, "Status criteria", "Critères de la météo",
       "The keys of the figures that set the computed status.",
       "Les clés des chiffres qui fixent la météo calculée.", internal=True),
    _f("status_mismatch", Kind.FLAG, "Declared ≠ computed", "Déclarée ≠ calculée",
       "The declared status differs from the computed one.",
       "La météo déclarée diffère de la calculée.", tone=BAD),
    # Prioritisation.
    _f("priority_score", Kind.POINTS, "Priority score", "Score de priorité",
       "Weighted score of value, alignment, complexity and cost, 0-100.",
       "Score pondéré de valeur, alignement, complexité et coût, de 0 à 100.",
       short_en="Score", short_fr="Score"),
    _f("priority_rank", C, "Priority rank", "Rang de priorité", "1 = first priority.",
       "1 = première priorité.", short_en="Rank", short_fr="Rang"),
    # Earned value (see kpis/evm.py).
    _f("bac", K, "BAC", "BAC (budget à terminaison)", "Budget at completion: Σ planned cost.",
       "Budget à terminaison : Σ du coût prévu.", short_fr="BAC"),
    _f("pv", K, "PV (planned value)", "VP (valeur planifiée)",
       "Planned cost due by the reporting date.", "Coût prévu dû à la date de reporting.",
       short_en="PV", short_fr="VP"),
    _f("ev", K, "EV (earned value)", "VA (valeur acquise)", "BAC × progress by effort.",
       "BAC × avancement en effort.", short_en="EV", short_fr="VA"),
    _f("ac", K, "AC (actual cost)", "CR (coût réel)", "Σ actual cost.", "Σ du coût réel.",
       short_en="AC", short_fr="CR"),
    _f("sv", K, "SV", "EP (écart de planning)", "EV − PV.", "VA − VP.", signed=True,
       short_fr="EP"),
    _f("cv", K, "CV", "EC (écart de coût)", "EV − AC.", "VA − CR.", signed=True,
       short_fr="EC"),
    _f("spi", Kind.RATIO, "SPI", "IPP (SPI)", "EV ÷ PV.", "VA ÷ VP."),
    _f("cpi", Kind.RATIO, "CPI", "IPC (CPI)", "EV ÷ AC.", "VA ÷ CR."),
    _f("eac_bottom_up", K, "EAC bottom-up", "EAC ascendante", "AC + remaining cost.",
       "CR + coût restant."),
    _f("eac_cpi", K, "EAC = BAC / CPI", "EAC = BAC / IPC", "BAC ÷ CPI.", "BAC ÷ IPC."),
    _f("eac_composite", K, "EAC composite", "EAC composite",
       "AC + (BAC − EV) ÷ (CPI × SPI).", "CR + (BAC − VA) ÷ (IPC × IPP)."),
    _f("vac", K, "VAC", "VAC (écart à terminaison)", "BAC − EAC bottom-up.",
       "BAC − EAC ascendante.", signed=True, short_fr="VAC"),
    _f("tcpi", Kind.RATIO, "TCPI", "TCPI", "(BAC − EV) ÷ (BAC − AC).",
       "(BAC − VA) ÷ (BAC − CR)."),
    _f("es_months", Kind.MONTHS, "Earned schedule (months)", "Durée acquise (mois)",
       "Time at which planned value reaches EV, from the first planned month.",
       "Date à laquelle la valeur planifiée atteint VA, depuis le premier mois prévu."),
    _f("at_months", Kind.MONTHS, "Actual time (months)", "Durée écoulée (mois)",
       "Time elapsed at the reporting date, from the first planned month.",
       "Temps écoulé à la date de reporting, depuis le premier mois prévu."),
    _f("spi_t", Kind.RATIO, "SPI(t)", "IPP(t)", "Earned schedule ÷ actual time.",
       "Durée acquise ÷ durée écoulée."),
    # Since the last report (history/wow.py).
    _f("reporting_date", Kind.DATE, *_labels("project", "as_of"),
       "The reporting date of a snapshot.", "La date de reporting d'un instantané."),
    _f("eac_days_prev", E, "EAC before (days)", "Réestimé précédent (j/h)",
       "EAC at the previous reporting date.", "Réestimé à la date de reporting précédente."),
    _f("drift_days", E, "Drift (days)", "Dérive (j/h)", "EAC now − EAC before.",
       "Réestimé actuel − précédent.", signed=True),
    _f("drift_pct", Kind.PERCENT, "Drift %", "Dérive %", "Drift ÷ EAC before.",
       "Dérive ÷ réestimé précédent.", signed=True),
    _f("drift", Kind.TEXT, "EAC drift (days)", "Dérive du réestimé (j/h)",
       "Drift in days and in %.", "Dérive en jours et en %.", width=16, render=_drift),
    _f("consumed_days_change", E, "Consumed change", "Évolution du consommé",
       "Consumed days now − before.", "Consommé actuel − précédent.", signed=True),
    _f("remaining_days_change", E, "Remaining change", "Évolution du reste à faire",
       "Remaining days now − before.", "Reste à faire actuel − précédent.", signed=True),
    _f("status_prev", Kind.ENUM, "Status before", "Météo précédente",
       "Computed status at the previous reporting date.",
       "Météo calculée à la date de reporting précédente.", choices=RAG),
    _f("status_now", Kind.ENUM, "Status now", "Météo actuelle", "Computed status now.",
       "Météo calculée actuelle.", choices=RAG),
    _f("status_move", Kind.TEXT, "Status before → now", "Météo avant → maintenant",
       "Computed status before → now.",
       "Météo calculée précédente → actuelle.", width=18, render=_status_move),
    _f("new_risks", C, "New risks", "Nouveaux risques", "Risks open now, not open before.",
       "Risques ouverts aujourd'hui, pas avant."),
    _f("closed_risks", C, "Closed risks", "Risques clos",
       "Risks open before, closed or gone now.", "Risques ouverts avant, clos ou disparus."),
    _f("worsened_risks", C, "Worsened risks", "Risques aggravés",
       "Open risks whose criticality went up.", "Risques ouverts dont la criticité a monté."),
    _f("risk_moves", Kind.TEXT, "Risks new / closed / worse",
       "Risques nouveaux / clos / aggravés", "New, closed and worsened risks.",
       "Risques nouveaux, clos et aggravés.", width=16, render=_risk_moves),
    _f("moved_milestones", C, "Milestones moved", "Jalons décalés",
       "Milestones whose forecast date moved.", "Jalons dont la date prévisionnelle a bougé."),
    _f("max_move_days", Kind.DAYS, "Largest move (days)", "Plus grand décalage (j)",
       "The largest forecast move, in calendar days.",
       "Le plus grand décalage de prévision, en jours calendaires.", signed=True),
    _f("milestone_moves", Kind.TEXT, "Milestones moved (largest move, days)",
       "Jalons décalés (plus grand décalage, j)", "Milestones moved and the largest move.",
       "Jalons décalés et le plus grand décalage.", width=16, render=_milestone_moves),
    _f("computed_trend", Kind.ENUM, "Computed trend", "Tendance calculée",
       "Worsening, stable or improving, from the changes since the last report.",
       "En dégradation, stable ou en amélioration, selon les évolutions depuis le dernier "
       "reporting.", choices=TREND),
    _f("declared_trend", Kind.ENUM, "Declared trend", "Tendance déclarée",
       "The trend declared by the project manager.", "La tendance déclarée par le chef de "
       "projet.", choices=TREND),
    _f("trends", Kind.TEXT, "Trend computed / declared", "Tendance calculée / déclarée",
       "The computed trend beside the declared one.", "La tendance calculée à côté de la "
       "déclarée.", width=22, render=_trends),
    # Data quality.
    _f("file", Kind.TEXT, "File", "Fichier", "The tracker's file name.",
       "Le nom du fichier du suivi."),
    _f("sheet", Kind.TEXT, "Sheet", "Onglet", "A sheet of the tracker (of a finding…).",
       "Un onglet du suivi (d'un constat…)."),
    _f("cell", Kind.TEXT, "Cell", "Cellule", "The cell of the finding.",
       "La cellule du constat.", width=8),
    _f("rule", Kind.TEXT, "Rule", "Règle", "The rule's stable code (see the tracker "
       "reference).", "Le code stable de la règle (voir la référence du suivi)."),
    _f("severity", Kind.ENUM, "Severity", "Gravité",
       "Error: left out; warning: used but suspicious.",
       "Erreur : écarté ; avertissement : utilisé mais suspect.", choices=SEVERITY),
    _f("message", Kind.NOTE, "Message", "Message", "What is wrong and what was done.",
       "Le problème et ce qui a été fait."),
    _f("value", Kind.TEXT, "Value found", "Valeur trouvée", "The cell's content.",
       "Le contenu de la cellule.", table="findings"),
    _f("params", Kind.TEXT, "Finding parameters", "Paramètres du constat",
       "The finding's parameters, free of language (JSON).",
       "Les paramètres du constat, sans langue (JSON).", internal=True),
    _f("link", Kind.TEXT, "Go to cell", "Aller à la cellule", "Opens the tracker at the cell.",
       "Ouvre le suivi à la cellule.", width=11),
    _f("errors", C, "Errors", "Erreurs", "Error findings.", "Constats de gravité erreur."),
    _f("warnings", C, "Warnings", "Avertissements", "Warning findings.",
       "Constats de gravité avertissement."),
    # The chase (chase.py): one row per project manager.
    _f("projects", Kind.TEXT, "Projects", "Projets",
       "The projects concerned: a manager's (chase list), or those sharing a person over "
       "capacity (resource conflicts).",
       "Les projets concernés : ceux du chef de projet (relances), ou ceux qui se partagent "
       "une personne au-delà de sa capacité (conflits de ressources).", width=24),
    _f("missing_trackers", C, "Trackers missing", "Suivis manquants",
       "Expected trackers not received.", "Suivis attendus non reçus."),
    _f("stale_trackers", C, "Stale trackers", "Suivis périmés",
       "Trackers older than the staleness limit.",
       "Suivis plus anciens que la limite d'ancienneté."),
    _f("draft", Kind.TEXT, "Draft", "Brouillon", "The e-mail draft, beside this list.",
       "Le brouillon d'e-mail, à côté de cette liste.", width=28),
    _f("top_rule", Kind.TEXT, "Most frequent rule", "Règle la plus fréquente",
       "The rule found most often.", "La règle la plus souvent constatée.", width=24),
)

# Contract fields shown with something of their own.
_FIELDS = (
    _field("projects", "status", short_en="Declared", short_fr="Déclarée"),
    _field("risks", "criticality_given", en="Criticality given", fr="Criticité saisie"),
)

_BY_KEY: dict[tuple[str | None, str], Figure] = {
    (fig.table, fig.key): fig for fig in (*_DERIVED, *_FIELDS)}


@cache
def figure(table: str, key: str) -> Figure:
    """The figure shown as column ``key`` of ``table`` (a portfolio table, a view…):
    the table's own entry, else its contract field, else a derived figure, else the
    contract field of that name in another sheet (a workload month on the resource load)."""
    if (table, key) in _BY_KEY:
        return _BY_KEY[(table, key)]
    sheet = SHEETS_BY_KEY.get(_TABLE_SHEET.get(table, table))
    if sheet is not None and key in sheet.keys:
        return _from_field(sheet.field(key))
    if (None, key) in _BY_KEY:
        return _BY_KEY[(None, key)]
    for other in SHEETS_BY_KEY.values():
        if key in other.keys:
            return _from_field(other.field(key))
    return Figure(key, Kind.TEXT, key, key)


def label(table: str, key: str, lang: str) -> str:
    return figure(table, key).label(lang)


def derived() -> tuple[Figure, ...]:
    return _DERIVED


# ------------------------------------------------------------------------------ views
# Which figures each output shows, in which order: a figure shown in a new place is one
# key added to a view.

@dataclass(frozen=True)
class View:
    table: str  # the portfolio table the rows come from (for the figures' lookup)
    columns: tuple[str, ...]

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(figure(self.table, c) for c in self.columns)

    def labels(self, lang: str) -> list[str]:
        return [f.label(lang) for f in self.figures]


def _v(table: str, columns: str) -> View:
    return View(table, tuple(columns.split()))


VIEWS: dict[str, View] = {
    # The master workbook's tables.
    "projects": _v("projects", """project name programme manager manager_email sponsor
        department phase start end_baseline end_forecast as_of reporting status
        computed_status status_reasons trend
        budget_days planned_days consumed_days remaining_days eac_days variance_days
        variance_pct progress budget_cost planned_cost consumed_cost eac_cost max_slip_days
        next_milestone next_milestone_date overdue_milestones open_risks critical_risks
        overdue_actions pending_decisions value complexity alignment priority_score
        priority_rank bac pv ev
        ac spi cpi eac_bottom_up eac_cpi eac_composite vac tcpi spi_t highlights concerns
        next_steps source_file"""),
    "workload": _v("workload", """project workstream task resource role month planned actual
        remaining effective_rate planned_cost actual_cost remaining_cost source_file
        source_row source_cell"""),
    "workload_monthly": _v("workload", """project resource role month planned actual remaining
        planned_cost actual_cost remaining_cost"""),
    "milestones": _v("milestones", """project id milestone baseline_date forecast_date
        actual_date slip_days status steering comment source_file source_row"""),
    "risks": _v("risks", """project id risk category probability impact criticality
        criticality_class owner mitigation due_date status raised_on source_file
        source_row"""),
    "actions": _v("actions", """project id action owner opened_on due_date status overdue
        days_late risk_id comment source_file source_row"""),
    "decisions": _v("decisions", """project id decision needed_by decision_maker status
        comment source_file source_row"""),
    "findings": _v("findings", """project manager severity rule file sheet cell message value
        link"""),
    "dashboard": _v("projects", """project name manager phase status computed_status
        status_mismatch trend budget_days planned_days consumed_days remaining_days eac_days
        variance_days variance_pct progress max_slip_days next_milestone next_milestone_date
        open_risks critical_risks overdue_actions pending_decisions as_of stale"""),
    "changes": _v("changes", """project eac_days_prev drift_days drift_pct
        consumed_days_change remaining_days_change status_prev status_now new_risks
        closed_risks worsened_risks moved_milestones max_move_days computed_trend
        declared_trend"""),
    "priorities": _v("projects", """priority_rank project name value alignment complexity
        eac_cost priority_score"""),
    "mta": _v("mta", "project id milestone reporting_date forecast_date"),
    # What the Excel formulas answer (PMO_PORTFOLIO, PMO_RISKS…).
    "udf_portfolio": _v("projects", """project name manager phase status computed_status trend
        budget_days eac_days variance_pct progress max_slip_days next_milestone
        next_milestone_date overdue_milestones open_risks critical_risks overdue_actions
        pending_decisions as_of"""),
    "udf_risks": _v("risks", """project id risk probability impact criticality
        criticality_class owner status due_date"""),
    "udf_milestones": _v("milestones", """id milestone baseline_date forecast_date actual_date
        slip_days status"""),
    "udf_findings": _v("findings", "project severity rule sheet cell message value"),
    # The figures each snapshot of the history keeps as plain SQL rows.
    "history": _v("projects", """planned_days consumed_days remaining_days eac_days
        variance_days variance_pct progress consumed_cost eac_cost max_slip_days
        overdue_milestones open_risks critical_risks overdue_actions pending_decisions status
        computed_status trend phase"""),
    # The COPIL deck's tables.
    "deck_status": _v("projects", """project name status computed_status trend eac_vs_budget
        max_slip_days critical_risks"""),
    "deck_others": _v("projects", """project name computed_status trend eac_vs_budget
        next_milestone next_milestone_date"""),
    "deck_changes": _v("changes", "project drift status_move risk_moves milestone_moves trends"),
    "deck_top_risks": _v("risks", "project risk criticality owner mitigation"),
    "deck_decisions": _v("decisions", "project decision needed_by decision_maker"),
    "deck_actions": _v("actions", "project action owner due_date days_late"),
    "deck_quality": _v("findings", "project errors warnings top_rule"),
    "deck_priorities": _v("projects", "priority_rank project name priority_score"),
    "deck_milestones": _v("milestones", "milestone baseline_date target_date slip_days"),
    "deck_project_risks": _v("risks", "risk criticality owner"),
    "deck_resources": _v("resources", "resource role months_over days_over peak projects"),
    # The flash e-mail's status table.
    "flash_status": _v("projects", "project name status computed_status eac_vs_budget"),
    # The chase list (chase_list.xlsx): one row per project manager concerned.
    "chase_list": _v("chase", """manager manager_email projects errors warnings
        missing_trackers stale_trackers draft"""),
    # The terminal's `pmo-xl history show`.
    "history_show": _v("changes", "project eac_days computed_status drift_days computed_trend"),
}


def view(name: str) -> View:
    return VIEWS[name]


def _contract(key: str) -> tuple[str, str]:
    return SHEETS_BY_KEY[key].en, SHEETS_BY_KEY[key].fr


# The master workbook's sheets; a detail table's sheet is named as in the tracker.
SHEET_TITLES = {
    "dashboard": ("Dashboard", "Tableau de bord"),
    "projects": ("Projects", "Projets"),
    **{key: _contract(key) for key in ("workload", "milestones", "risks", "actions",
                                       "decisions")},
    "resources": ("Resource load", "Charge ressources"),
    "priorities": ("Priorities", "Priorités"),
    "mta": ("Milestone trends", "Tendance des jalons"),
    "changes": ("Since last report", "Depuis le dernier reporting"),
    "quality": ("Data quality", "Qualité des données"),
    "about": ("About", "À propos"),
}


def sheet_title(key: str, lang: str) -> str:
    return text.pick(SHEET_TITLES[key], lang)


# Words more than one output shows (master and deck), beside the figures.
TERMS = {
    "portfolio": ("Portfolio", "Portefeuille"),
    "key_messages": ("Key messages", "Messages clés"),
    "other_projects": ("Other projects: no exception this week",
                       "Autres projets : aucune exception cette semaine"),
    "changed": ("changed", "changée(s)"),
    "scurve": ("Portfolio S-curve (cumulative days)", "Courbe en S du portefeuille (j/h "
               "cumulés)"),
    "eac_chart": ("EAC vs budget per project (days)", "Réestimé vs budget par projet (j/h)"),
    "heat": ("Open risks: probability × impact", "Risques ouverts : probabilité × impact"),
    "bubbles": ("Business value vs complexity (bubble = EAC cost)",
                "Valeur métier vs complexité (bulle = coût réestimé)"),
    "no_scores": ("No project has both a business value and a complexity yet.",
                  "Aucun projet n'a encore de valeur métier et de complexité."),
    "mta": ("Milestone trend analysis", "Analyse de tendance des jalons"),
    "diagonal": ("On time", "Diagonale"),
}


def term(key: str, lang: str) -> str:
    return text.pick(TERMS[key], lang)
