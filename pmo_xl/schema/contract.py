"""The standard project tracker, contract v1.1, as code.

This module is the single place where the contract's sheets, labels, types and
enumerations live. Everything else (template, reader, validator, docs) reads it.
"""

from __future__ import annotations

from dataclasses import replace

from pmo_xl.colours import readable_on
from pmo_xl.schema.model import Choice, Choices, Field, FieldType, Kind, Sheet, SheetKind, Tone

CONTRACT_VERSION = "1.1"

T, D, M, N, I, E = (  # noqa: E741 - short names keep the tables readable
    FieldType.TEXT,
    FieldType.DATE,
    FieldType.MONTH,
    FieldType.NUMBER,
    FieldType.INTEGER,
    FieldType.ENUM,
)


def _choices(key: str, *pairs: tuple, missing_means: frozenset[str] = frozenset()
             ) -> Choices:
    """An enumeration from (en, fr[, meanings[, tone]]) tuples, in its order."""
    return Choices(key, tuple(Choice(en, fr, frozenset(rest[0]) if rest else frozenset(),
                                     rest[1] if len(rest) > 1 else None)
                              for en, fr, *rest in pairs), missing_means)


# The colours of meanings, shared by every output (chips, bars, cells, heat map).
# What the words mean to the figures (``Choices.having`` / ``Choices.means``).
OPEN, DONE, PENDING, CRITICAL, YES = "open", "done", "pending", "critical", "yes"
WATCH = "watch"  # a milestone its PM says is at risk or late

INK = "262626"


def _tone(name: str, fill: str, tint: str, on_tint: str) -> Tone:
    """A tone whose text on its fill reaches WCAG AA (ink where it does: on the red fill
    ink reads at 3.8:1, so black)."""
    return Tone(name, fill=fill, on_fill=readable_on(fill, (INK,)), tint=tint,
                on_tint=readable_on(tint, (on_tint,)))


GOOD = _tone("good", "63BE7B", "C6EFCE", "006100")
WARN = _tone("warn", "FFC000", "FFE699", "7F6000")
BAD = _tone("bad", "E04B4B", "F8CBAD", "9C0006")
NEUTRAL = _tone("neutral", "BFBFBF", "F2F2F2", "595959")


PHASE = _choices(
    "phase",
    ("Initiation", "Cadrage"),
    ("Design", "Conception"),
    ("Build", "Réalisation"),
    ("Test", "Recette"),
    ("Deployment", "Déploiement"),
    ("Closed", "Clos", (DONE,)),  # a closed project is no longer expected to report
)
# Best to worst: the computed status takes the worst criterion.
RAG = _choices("status", ("Green", "Vert", (), GOOD), ("Amber", "Orange", (), WARN),
               ("Red", "Rouge", (), BAD))
TREND = _choices(
    "trend", ("Improving", "En amélioration", (), GOOD), ("Stable", "Stable"),
    ("Worsening", "En dégradation", (), BAD),
)
MILESTONE_STATUS = _choices(
    "milestone_status",
    ("Not started", "Non démarré"),
    ("On track", "Dans les temps"),
    ("At risk", "À risque", (WATCH,)),
    ("Late", "En retard", (WATCH,)),
    ("Done", "Atteint", (DONE,)),
)
YES_NO = _choices("yes_no", ("Yes", "Oui", (YES,)), ("No", "Non"))


def yes_no(flag: object, lang: str) -> str:
    """A flag (overdue, stale…) as the word an output shows for it."""
    yes, no = YES_NO.labels(lang)
    return yes if bool(flag) else no
RISK_CATEGORY = _choices(
    "risk_category",
    ("Technical", "Technique"),
    ("Human", "Humain"),
    ("Financial", "Financier"),
    ("Schedule", "Planning"),
    ("Legal", "Juridique"),
    ("Other", "Autre"),
)
# A status that cannot be read is pessimistic: the risk counts as open.
RISK_STATUS = _choices(
    "risk_status",
    ("Open", "Ouvert", (OPEN,)),
    ("Mitigating", "En traitement", (OPEN,)),
    ("Closed", "Clos"),
    ("Occurred", "Survenu"),
    missing_means=frozenset({OPEN}),
)
# Open = neither done nor cancelled; an unreadable status counts as not done.
ACTION_STATUS = _choices(
    "action_status",
    ("Open", "Ouverte", (OPEN,)),
    ("In progress", "En cours", (OPEN,)),
    ("Done", "Fermée", (DONE,)),
    ("Cancelled", "Annulée", (DONE,)),
    missing_means=frozenset({OPEN}),
)
DECISION_STATUS = _choices(
    "decision_status", ("Pending", "En attente", (PENDING,)), ("Taken", "Prise"),
    ("Rejected", "Rejetée"), missing_means=frozenset({PENDING}),
)

# Whether a project expected by the PMO sent its tracker (the register, contract v1.1).
RECEIVED, NO_REPORT = "Received", "No report"
REPORTING = _choices("reporting", (RECEIVED, "Reçu"), (NO_REPORT, "Pas de reporting", (),
                                                       NEUTRAL))

# The grid form of the workload (contract v1.1): what a row's months hold, named in a
# Measure column or by the sheet's name. Stored as the long form's column keys.
MEASURES = Choices("measure", tuple(
    Choice(en, fr, key=key, aliases=aliases) for key, en, fr, aliases in (
        ("planned", "Planned", "Prévu", ("Plan", "Planifié")),
        ("actual", "Actual", "Consommé", ("Consumed", "Réalisé")),
        ("remaining", "Remaining", "Reste à faire", ("RAF", "To do", "ETC")),
    )))

# Derived, not typed by PMs: shown translated in the outputs. Least to most critical.
CRITICALITY_CLASS = _choices(
    "criticality_class", ("Minor", "Mineur", (), GOOD), ("Major", "Majeur", (), WARN),
    ("Critical", "Critique", (CRITICAL,), BAD),
)

ALL_CHOICES = (
    PHASE,
    RAG,
    TREND,
    MILESTONE_STATUS,
    YES_NO,
    RISK_CATEGORY,
    RISK_STATUS,
    ACTION_STATUS,
    DECISION_STATUS,
    CRITICALITY_CLASS,
    REPORTING,
    MEASURES,
)
CHOICES = {c.key: c for c in ALL_CHOICES}

SCORE = {"type": I, "minimum": 1, "maximum": 5}
DAYS = {"type": N, "minimum": 0, "kind": Kind.EFFORT}
MONEY = {"type": N, "minimum": 0, "kind": Kind.MONEY}
NOTE = {"kind": Kind.NOTE}

PROJECT = Sheet(
    "project",
    "Project",
    "Projet",
    SheetKind.CARD,
    required=True,
    help_en="The project card: one label per row, its value in the next cell.",
    help_fr="La fiche projet : un libellé par ligne, sa valeur dans la cellule suivante.",
    fields=(
        Field("code", "Project code", "Code projet", required=True, value_required=True,
              help_en="Unique across the portfolio, e.g. P-001.",
              help_fr="Unique dans le portefeuille, ex. P-001."),
        Field("name", "Project name", "Nom du projet", required=True, value_required=True,
              **NOTE),
        Field("programme", "Programme", "Programme"),
        Field("manager", "Project manager", "Chef de projet"),
        Field("manager_email", "Manager e-mail", "E-mail du chef de projet", FieldType.EMAIL,
              help_en="Where the PMO's reminders go (the register's address wins).",
              help_fr="Où partent les relances du PMO (l'adresse du registre prime)."),
        Field("sponsor", "Sponsor", "Sponsor"),
        Field("department", "Department", "Direction"),
        Field("phase", "Phase", "Phase", E, choices=PHASE),
        Field("start", "Start date", "Date de début", D),
        Field("end_baseline", "Baseline end date", "Date de fin de référence", D),
        Field("end_forecast", "Forecast end date", "Date de fin prévisionnelle", D),
        Field("budget_days", "Budget (days)", "Budget (j/h)", **DAYS),
        Field("budget_cost", "Budget (cost)", "Budget (€)", **MONEY),
        Field("as_of", "Reporting date", "Date de reporting", D, required=True,
              value_required=True,
              help_en="The date this tracker speaks for.",
              help_fr="La date à laquelle ce suivi est arrêté."),
        Field("status", "Overall status", "Météo", E, choices=RAG,
              help_en="Declared by the project manager.",
              help_fr="Déclarée par le chef de projet."),
        Field("trend", "Trend", "Tendance", E, choices=TREND),
        Field("highlights", "Highlights", "Faits marquants", **NOTE),
        Field("concerns", "Points of attention", "Points d'attention", **NOTE),
        Field("next_steps", "Next steps", "Prochaines étapes", **NOTE),
        Field("value", "Business value (1-5)", "Valeur métier (1-5)", **SCORE),
        Field("complexity", "Complexity (1-5)", "Complexité (1-5)", **SCORE),
        Field("alignment", "Strategic alignment (1-5)", "Alignement stratégique (1-5)", **SCORE),
    ),
)

WORKLOAD = Sheet(
    "workload",
    "Workload",
    "Charges",
    SheetKind.TABLE,
    required=True,
    help_en="One row per workstream, task, resource and month, in days.",
    help_fr="Une ligne par lot, tâche, ressource et mois, en jours.",
    fields=(
        Field("workstream", "Workstream", "Lot"),
        Field("task", "Task", "Tâche", **NOTE),
        Field("resource", "Resource", "Ressource", required=True,
              help_en="A person or team name.", help_fr="Une personne ou une équipe."),
        Field("role", "Role", "Profil"),
        Field("month", "Month", "Mois", M, required=True, row_key=True,
              help_en="Any day of the month means that month.",
              help_fr="N'importe quel jour du mois désigne ce mois."),
        Field("planned", "Planned (days)", "Prévu (j/h)", required=True,
              help_en="The baseline plan.", help_fr="Le plan de référence.", **DAYS),
        Field("actual", "Actual (days)", "Consommé (j/h)", required=True,
              help_en="Consumed; only up to the reporting month.",
              help_fr="Consommé ; seulement jusqu'au mois de reporting.", **DAYS),
        Field("remaining", "Remaining (days)", "Reste à faire (j/h)", required=True,
              help_en="Re-estimated work left; only from the reporting month on.",
              help_fr="Travail restant réestimé ; seulement à partir du mois de reporting.",
              **DAYS),
        Field("rate", "Daily rate", "TJM", help_en="Optional; overrides the Rates sheet.",
              help_fr="Facultatif ; remplace l'onglet TJM.", **MONEY),
    ),
)

RATES = Sheet(
    "rates",
    "Rates",
    "TJM",
    SheetKind.TABLE,
    required=False,
    help_en="Daily rate per role, used to turn days into cost.",
    help_fr="Taux journalier par profil, pour valoriser les jours.",
    fields=(
        Field("role", "Role", "Profil", required=True, row_key=True),
        Field("rate", "Daily rate", "TJM", required=True, value_required=True, **MONEY),
    ),
)

MILESTONES = Sheet(
    "milestones",
    "Milestones",
    "Jalons",
    SheetKind.TABLE,
    required=True,
    id_field="id",
    help_en="Key dates: baseline, forecast and actual.",
    help_fr="Dates clés : référence, prévisionnelle et réelle.",
    fields=(
        Field("id", "ID", "ID"),
        Field("milestone", "Milestone", "Jalon", required=True, row_key=True, **NOTE),
        Field("baseline_date", "Baseline date", "Date de référence", D, required=True,
              value_required=True),
        Field("forecast_date", "Forecast date", "Date prévisionnelle", D, required=True),
        Field("actual_date", "Actual date", "Date réelle", D),
        Field("status", "Status", "Statut", E, required=True, choices=MILESTONE_STATUS),
        Field("steering", "Steering", "COPIL", E, choices=YES_NO,
              help_en="Shown on the steering-committee roadmap.",
              help_fr="Affiché sur la feuille de route du COPIL."),
        Field("comment", "Comment", "Commentaire", **NOTE),
    ),
)

RISKS = Sheet(
    "risks",
    "Risks",
    "Risques",
    SheetKind.TABLE,
    required=True,
    id_field="id",
    help_en="Criticality = probability × impact.",
    help_fr="Criticité = probabilité × impact.",
    fields=(
        Field("id", "ID", "ID"),
        Field("risk", "Risk", "Risque", required=True, row_key=True, **NOTE),
        Field("category", "Category", "Catégorie", E, choices=RISK_CATEGORY),
        Field("probability", "Probability", "Probabilité", I, required=True, value_required=True,
              minimum=1, maximum=4, help_en="1 (unlikely) to 4 (almost certain).",
              help_fr="1 (peu probable) à 4 (quasi certain)."),
        Field("impact", "Impact", "Impact", I, required=True, value_required=True, minimum=1,
              maximum=4, help_en="1 (minor) to 4 (severe).", help_fr="1 (mineur) à 4 (grave)."),
        Field("owner", "Owner", "Propriétaire"),
        Field("mitigation", "Mitigation", "Plan de mitigation", **NOTE),
        Field("due_date", "Due date", "Échéance", D),
        Field("status", "Status", "Statut", E, required=True, value_required=True,
              choices=RISK_STATUS),
        Field("raised_on", "Raised on", "Date d'identification", D),
        Field("criticality_given", "Criticality", "Criticité", N, kind=Kind.SCORE,
              help_en="Optional; checked against probability × impact.",
              help_fr="Facultatif ; contrôlée contre probabilité × impact."),
    ),
)

ACTIONS = Sheet(
    "actions",
    "Actions",
    "Actions",
    SheetKind.TABLE,
    required=True,
    id_field="id",
    help_en="Overdue = not done nor cancelled, and due before the reporting date.",
    help_fr="En retard = ni fermée ni annulée, et échéance avant la date de reporting.",
    fields=(
        Field("id", "ID", "ID"),
        Field("action", "Action", "Action", required=True, row_key=True, **NOTE),
        Field("owner", "Owner", "Porteur"),
        Field("opened_on", "Opened on", "Date d'ouverture", D),
        Field("due_date", "Due date", "Échéance", D, required=True),
        Field("status", "Status", "Statut", E, required=True, value_required=True,
              choices=ACTION_STATUS),
        Field("risk_id", "Risk ID", "Risque lié"),
        Field("comment", "Comment", "Commentaire", **NOTE),
    ),
)

DECISIONS = Sheet(
    "decisions",
    "Decisions",
    "Décisions",
    SheetKind.TABLE,
    required=False,
    id_field="id",
    help_en="Decisions the project needs from its steering committee.",
    help_fr="Décisions attendues du comité de pilotage.",
    fields=(
        Field("id", "ID", "ID"),
        Field("decision", "Decision needed", "Décision attendue", required=True,
              row_key=True, **NOTE),
        Field("needed_by", "Needed by", "Date souhaitée", D),
        Field("decision_maker", "Decision maker", "Décideur"),
        Field("status", "Status", "Statut", E, required=True, value_required=True,
              choices=DECISION_STATUS),
        Field("comment", "Comment", "Commentaire", **NOTE),
    ),
)

COSTS = Sheet(
    "costs",
    "Costs",
    "Coûts",
    SheetKind.TABLE,
    required=False,
    help_en="Non-labour spend (licences, hardware, services), in currency.",
    help_fr="Dépenses hors main-d'œuvre (licences, matériel, prestations), en devise.",
    fields=(
        Field("category", "Category", "Catégorie", required=True),
        Field("description", "Description", "Description", **NOTE),
        Field("month", "Month", "Mois", M, required=True, row_key=True),
        Field("planned", "Planned", "Prévu", **MONEY),
        Field("actual", "Actual", "Réel", **MONEY),
        Field("remaining", "Remaining", "Reste à faire", **MONEY),
    ),
)

# The register of expected projects (contract v1.1): not a tracker's sheet, but a list the
# PMO keeps (a workbook's first sheet, or a CSV), with the card's columns that say who.
REGISTER = Sheet(
    "register",
    "Register",
    "Registre",
    SheetKind.TABLE,
    required=True,
    id_field="code",
    help_en="One row per project the PMO expects a tracker from.",
    help_fr="Une ligne par projet dont le PMO attend un suivi.",
    fields=tuple(replace(PROJECT.field(k), required=k == "code", row_key=k == "code",
                         value_required=k == "code")
                 for k in ("code", "name", "manager", "manager_email")),
)

# The workload's grid form (contract v1.1): its identifying columns and the Measure
# column, then months across; unfolded by the reader into the long form.
WORKLOAD_GRID = Sheet(
    "workload_grid",
    WORKLOAD.en,
    WORKLOAD.fr,
    SheetKind.TABLE,
    required=False,
    help_en="Months across: one row per workstream, task, resource and measure (Planned, "
            "Actual, Remaining), or three sheets named by the measures.",
    help_fr="Mois en colonnes : une ligne par lot, tâche, ressource et mesure (Prévu, "
            "Consommé, Reste à faire), ou trois onglets nommés par les mesures.",
    fields=(*(WORKLOAD.field(k) for k in ("workstream", "task", "resource", "role", "rate")),
            Field("measure", "Measure", "Mesure", E, choices=MEASURES,
                  help_en="Planned, Actual or Remaining: what the row's months hold.",
                  help_fr="Prévu, Consommé ou Reste à faire : ce que contiennent les mois "
                          "de la ligne.")),
)

SHEETS: tuple[Sheet, ...] = (PROJECT, WORKLOAD, RATES, MILESTONES, RISKS, ACTIONS, DECISIONS, COSTS)
TABLE_SHEETS: tuple[Sheet, ...] = tuple(s for s in SHEETS if s.kind is SheetKind.TABLE)
SHEETS_BY_KEY = {s.key: s for s in (*SHEETS, REGISTER, WORKLOAD_GRID)}


def sheet(key: str) -> Sheet:
    return SHEETS_BY_KEY[key]
