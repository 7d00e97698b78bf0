"""What the outputs call things, in English and French.

Contract columns take their tracker labels from the schema; derived figures and the
master's sheets are named here, once, for the master workbook and the deck.
"""

from __future__ import annotations

from pmo_xl.schema.contract import CRITICALITY_CLASS, SHEETS_BY_KEY
from pmo_xl.schema.model import Choices

DERIVED = {
    "project": ("Project", "Projet"),
    "source_file": ("Source file", "Fichier source"),
    "source_row": ("Row", "Ligne"),
    "planned_days": ("Planned (days)", "Prévu (j/h)"),
    "consumed_days": ("Consumed (days)", "Consommé (j/h)"),
    "remaining_days": ("Remaining (days)", "Reste à faire (j/h)"),
    "eac_days": ("EAC (days)", "Réestimé (j/h)"),
    "variance_days": ("Variance (days)", "Écart (j/h)"),
    "variance_pct": ("Variance %", "Écart %"),
    "progress": ("Progress", "Avancement"),
    "planned_cost": ("Planned cost", "Coût prévu"),
    "consumed_cost": ("Consumed cost", "Coût consommé"),
    "remaining_cost": ("Remaining cost", "Coût restant"),
    "eac_cost": ("EAC cost", "Coût réestimé"),
    "actual_cost": ("Actual cost", "Coût consommé"),
    "effective_rate": ("Daily rate used", "TJM appliqué"),
    "budget_variance_days": ("EAC − budget (days)", "Réestimé − budget (j/h)"),
    "budget_variance_cost": ("EAC − budget (cost)", "Réestimé − budget (€)"),
    "budget_consumed_pct": ("Budget consumed", "Budget consommé"),
    "max_slip_days": ("Max slip (days)", "Glissement max (j)"),
    "max_open_slip_days": ("Max slip, open (days)", "Glissement max, en cours (j)"),
    "next_milestone": ("Next milestone", "Prochain jalon"),
    "next_milestone_date": ("Next milestone date", "Date du prochain jalon"),
    "open_risks": ("Open risks", "Risques ouverts"),
    "critical_risks": ("Critical risks", "Risques critiques"),
    "overdue_actions": ("Overdue actions", "Actions en retard"),
    "pending_decisions": ("Pending decisions", "Décisions en attente"),
    "report_age_days": ("Report age (days)", "Ancienneté du reporting (j)"),
    "stale": ("Stale", "Périmé"),
    "computed_status": ("Computed status", "Météo calculée"),
    "status_reasons": ("Why", "Pourquoi"),
    "status_mismatch": ("Declared ≠ computed", "Déclarée ≠ calculée"),
    "slip_days": ("Slip (days)", "Glissement (j)"),
    "target_date": ("Target date", "Date cible"),
    "criticality": ("Criticality", "Criticité"),
    "criticality_class": ("Class", "Classe"),
    "criticality_given": ("Criticality given", "Criticité saisie"),
    "overdue": ("Overdue", "En retard"),
    "declared_status": ("Declared status", "Météo déclarée"),
    "file": ("File", "Fichier"),
    "sheet": ("Sheet", "Onglet"),
    "cell": ("Cell", "Cellule"),
    "rule": ("Rule", "Règle"),
    "severity": ("Severity", "Gravité"),
    "message": ("Message", "Message"),
    "value": ("Value found", "Valeur trouvée"),
    "link": ("Open", "Ouvrir"),
    "resource": ("Resource", "Ressource"),
    "month": ("Month", "Mois"),
    "load": ("Load (days)", "Charge (j/h)"),
    "total": ("Total", "Total"),
    "priority_score": ("Priority score", "Score de priorité"),
    "reporting_date": ("Reporting date", "Date de reporting"),
    "eac_days_prev": ("EAC before (days)", "Réestimé précédent (j/h)"),
    "drift_days": ("Drift (days)", "Dérive (j/h)"),
    "drift_pct": ("Drift %", "Dérive %"),
    "consumed_days_change": ("Consumed change", "Évolution du consommé"),
    "remaining_days_change": ("Remaining change", "Évolution du reste à faire"),
    "status_prev": ("Status before", "Météo précédente"),
    "status_now": ("Status now", "Météo actuelle"),
    "new_risks": ("New risks", "Nouveaux risques"),
    "closed_risks": ("Closed risks", "Risques clos"),
    "worsened_risks": ("Worsened risks", "Risques aggravés"),
    "moved_milestones": ("Milestones moved", "Jalons décalés"),
    "max_move_days": ("Largest move (days)", "Plus grand décalage (j)"),
    "computed_trend": ("Computed trend", "Tendance calculée"),
    "declared_trend": ("Declared trend", "Tendance déclarée"),
    "priority_rank": ("Priority rank", "Rang de priorité"),
    "bac": ("BAC", "BAC (budget à terminaison)"),
    "pv": ("PV (planned value)", "VP (valeur planifiée)"),
    "ev": ("EV (earned value)", "VA (valeur acquise)"),
    "ac": ("AC (actual cost)", "CR (coût réel)"),
    "sv": ("SV", "EP (écart de planning)"),
    "cv": ("CV", "EC (écart de coût)"),
    "spi": ("SPI", "IPP (SPI)"),
    "cpi": ("CPI", "IPC (CPI)"),
    "eac_bottom_up": ("EAC bottom-up", "EAC ascendante"),
    "eac_cpi": ("EAC = BAC / CPI", "EAC = BAC / IPC"),
    "eac_composite": ("EAC composite", "EAC composite"),
    "vac": ("VAC", "VAC (écart à terminaison)"),
    "tcpi": ("TCPI", "TCPI"),
    "spi_t": ("SPI(t)", "IPP(t)"),
}

SHEET_NAMES = {
    "dashboard": ("Dashboard", "Tableau de bord"),
    "projects": ("Projects", "Projets"),
    "workload": ("Workload", "Charges"),
    "milestones": ("Milestones", "Jalons"),
    "risks": ("Risks", "Risques"),
    "actions": ("Actions", "Actions"),
    "decisions": ("Decisions", "Décisions"),
    "resources": ("Resource load", "Charge ressources"),
    "priorities": ("Priorities", "Priorités"),
    "mta": ("Milestone trends", "Tendance des jalons"),
    "changes": ("Since last report", "Depuis le dernier reporting"),
    "quality": ("Data quality", "Qualité des données"),
    "about": ("About", "À propos"),
}

YES_NO = {"en": ("Yes", "No"), "fr": ("Oui", "Non")}
SEVERITY = {"en": {"error": "Error", "warning": "Warning", "info": "Info"},
            "fr": {"error": "Erreur", "warning": "Avertissement", "info": "Info"}}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "fr" else pair[0]


def sheet_name(key: str, lang: str) -> str:
    return _pick(SHEET_NAMES[key], lang)


def column_label(table: str, column: str, lang: str) -> str:
    """Header of ``column`` in the master's sheet for ``table`` (a contract key or derived)."""
    if column in DERIVED and not (column == "status" or column == "value"):
        return _pick(DERIVED[column], lang)
    sheet = SHEETS_BY_KEY.get("project" if table == "projects" else table)
    if sheet is not None and column in sheet.keys:
        return sheet.field(column).label(lang)
    if column in DERIVED:
        return _pick(DERIVED[column], lang)
    return column


def choices_for(table: str, column: str) -> Choices | None:
    """The enumeration behind a column, to show its words in the output's language."""
    if column == "criticality_class":
        return CRITICALITY_CLASS
    if column in ("computed_status", "status_prev", "status_now"):
        return SHEETS_BY_KEY["project"].field("status").choices
    if column in ("computed_trend", "declared_trend"):
        return SHEETS_BY_KEY["project"].field("trend").choices
    sheet = SHEETS_BY_KEY.get("project" if table == "projects" else table)
    if sheet is not None and column in sheet.keys:
        return sheet.field(column).choices
    return None


def yes_no(flag: object, lang: str) -> str:
    yes, no = YES_NO[lang]
    return yes if bool(flag) else no
