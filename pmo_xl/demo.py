"""A realistic demo portfolio: a dozen trackers, French and English, a few honest mistakes.

Dates are relative to the reporting date (the last Friday), so the demo reads the same
whenever it is run. The mistakes are the ones PMOs meet every week; each one becomes a
finding in the consolidation. The same trackers as they were one and two weeks before
(``weeks_ago``) give the demo a history that tells a story: actuals grow week to week,
the drifting projects' estimates and milestones slip, LOG-05 turns red this week, a
risk of WAN-12 worsens and ERP-01 raises a new one.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from pmo_xl.exceptions import OutputError
from pmo_xl.schema.normalize import normalize_label
from pmo_xl.settings import SETTINGS_FILE
from pmo_xl.xlsx import write_tracker

# code, name, lang, programme, manager, department, phase, profile
PROJECTS = [
    ("ERP-01", "ERP S/4HANA migration", "en", "Finance 2027", "Alice Martin", "Finance",
     "Build", "drifting"),
    ("WEB-02", "Customer portal redesign", "en", "Digital", "Brian O'Neill", "Marketing",
     "Test", "healthy"),
    ("DAT-03", "Data platform (lakehouse)", "en", "Data", "Chen Wei", "IT", "Build", "healthy"),
    ("SEC-04", "Cybersecurity uplift", "en", "Security", "Dana Scott", "IT", "Design",
     "watermelon"),
    ("LOG-05", "Warehouse automation", "en", "Operations", "Erik Larsen", "Supply chain",
     "Build", "late"),
    ("HR-06", "HR self-service", "en", "People", "Fatima Khan", "HR", "Deployment", "healthy"),
    ("ECO-07", "Refonte du site e-commerce", "fr", "Digital", "Gaëlle Dupont", "Commerce",
     "Réalisation", "drifting"),
    ("FAC-08", "Dématérialisation des factures", "fr", "Finance 2027", "Hugo Bernard",
     "Finance", "Recette", "healthy"),
    ("TEL-09", "Migration téléphonie Teams", "fr", "Poste de travail", "Inès Moreau", "DSI",
     "Déploiement", "late"),
    ("CRM-10", "Nouveau CRM commercial", "fr", "Digital", "Julien Petit", "Ventes",
     "Conception", "healthy"),
    ("RGP-11", "Conformité RGPD 2026", "fr", "Conformité", "Karine Roux", "Juridique",
     "Réalisation", "healthy"),
    ("WAN-12", "Déploiement SD-WAN agences", "fr", "Réseau", "Louis Garnier", "DSI",
     "Réalisation", "drifting"),
]
ROLES = {"en": ["Project manager", "Architect", "Developer", "Business analyst", "Tester"],
         "fr": ["Chef de projet", "Architecte", "Développeur", "Analyste métier", "Testeur"]}
RATES = [850.0, 950.0, 650.0, 700.0, 550.0]
WORKSTREAMS = {"en": ["Management", "Architecture", "Build", "Business", "Testing"],
               "fr": ["Pilotage", "Architecture", "Réalisation", "Métier", "Recette"]}
TASKS = {"en": ["Steering and reporting", "Target design", "Development", "Specifications",
                "Test campaigns"],
         "fr": ["Pilotage et reporting", "Conception cible", "Développements",
                "Spécifications", "Campagnes de test"]}
FIRST = ["Anna", "Bruno", "Chloé", "David", "Emma", "Farid", "Greta", "Henri", "Ivy", "Jonas",
         "Kim", "Léa", "Marc", "Nora", "Omar", "Paul", "Rosa", "Sami", "Théo", "Uma"]
LAST = ["Adam", "Blanc", "Costa", "Diaz", "Evans", "Faure", "Gomez", "Hall", "Ito", "Jung"]
MILESTONES = {
    "en": ["Kick-off", "Requirements signed off", "Design approved", "Build complete",
           "UAT complete", "Go-live", "Hypercare closed"],
    "fr": ["Lancement", "Expression de besoin validée", "Conception validée",
           "Réalisation terminée", "Recette terminée", "Mise en production", "Fin de VSR"],
}
RISKS = {
    "en": [("Key architect leaves mid-build", "Human"), ("Vendor delivers late", "Schedule"),
           ("Data quality of legacy system", "Technical"), ("Budget freeze in Q2", "Financial"),
           ("Contract clause on data hosting", "Legal"), ("Performance under peak load",
                                                          "Technical"),
           ("Users resist the new process", "Human"), ("Licence costs rise", "Financial")],
    "fr": [("Départ de l'architecte clé", "Human"), ("Retard de livraison fournisseur",
                                                     "Schedule"),
           ("Qualité des données de l'existant", "Technical"), ("Gel budgétaire au T2",
                                                                "Financial"),
           ("Clause contractuelle d'hébergement", "Legal"), ("Performance en pic de charge",
                                                             "Technical"),
           ("Résistance au changement", "Human"), ("Hausse du coût des licences",
                                                   "Financial")],
}
ACTIONS = {
    "en": ["Confirm test environment", "Update the business case", "Book steering committee",
           "Sign the vendor change request", "Train key users", "Freeze the scope"],
    "fr": ["Confirmer l'environnement de recette", "Mettre à jour le dossier d'investissement",
           "Réserver le COPIL", "Signer l'avenant fournisseur", "Former les utilisateurs clés",
           "Geler le périmètre"],
}
DECISIONS = {
    "en": ["Approve 20 extra days of testing", "Choose the hosting option",
           "Move go-live by two weeks"],
    "fr": ["Valider 20 jours de recette supplémentaires", "Choisir l'hébergement",
           "Décaler la mise en production de deux semaines"],
}
PROFILES = {  # effort overrun factor, milestone slip (working days), open critical risk share
    "healthy": (1.0, 0, 0.0),
    "drifting": (1.07, 8, 0.25),
    "late": (1.05, 25, 0.2),
    "watermelon": (1.25, 20, 0.5),
}


HISTORY_WEEKS = (2, 1)  # the weeks before this one the demo records first (weeks ago)
TURNS_RED = "LOG-05"  # amber until this week, when its go-live slips past the red threshold
RISK_WORSENS = "WAN-12"  # one of its critical risks was major the weeks before
NEW_RISK = "ERP-01"  # its last risk was raised this week


def last_friday(today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return today - dt.timedelta(days=(today.weekday() - 4) % 7)


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    return [p.to_timestamp().date() for p in pd.period_range(start, end, freq="M")]


def _project(i: int, spec: tuple, as_of: dt.date, rng: np.random.Generator
             ) -> tuple[dict, dict[str, list[dict]]]:
    code, name, lang, programme, manager, dept, phase, profile = spec
    overrun, slip, crit_share = PROFILES[profile]
    start = as_of - dt.timedelta(days=int(rng.integers(120, 300)))
    end = start + dt.timedelta(days=int(rng.integers(300, 480)))
    forecast_end = end + dt.timedelta(days=int(slip * 1.4))
    status = {"healthy": "Green", "drifting": "Amber", "late": "Red", "watermelon": "Green"}
    card = {
        "code": code, "name": name, "programme": programme, "manager": manager,
        "sponsor": f"{FIRST[(i * 7) % 20]} {LAST[(i * 3) % 10]}", "department": dept,
        "phase": phase, "start": start, "end_baseline": end, "end_forecast": forecast_end,
        "as_of": as_of, "status": status[profile],
        "trend": {"healthy": "Stable", "drifting": "Worsening", "late": "Worsening",
                  "watermelon": "Stable"}[profile],
        "value": int(rng.integers(2, 6)), "complexity": int(rng.integers(1, 6)),
        "alignment": int(rng.integers(2, 6)),
    }
    texts = {
        "en": ("Scope confirmed with the business; vendor on board.",
               "Test environment availability; key-user time.",
               "Finish the build sprint; prepare UAT."),
        "fr": ("Périmètre confirmé avec le métier ; fournisseur mobilisé.",
               "Disponibilité de l'environnement de recette ; temps des utilisateurs clés.",
               "Terminer le sprint de réalisation ; préparer la recette."),
    }[lang]
    card["highlights"], card["concerns"], card["next_steps"] = texts
    months = _months(start, forecast_end)
    as_of_month = dt.date(as_of.year, as_of.month, 1)
    people = [(f"{FIRST[(i * 5 + k) % 20]} {LAST[(i + k) % 10]}", k % 5)
              for k in range(int(rng.integers(3, 6)))]
    workload, budget, labour = [], 0.0, 0.0
    for person, role in people:
        for m in months:
            planned = float(rng.integers(2, 12))
            budget += planned
            labour += planned * RATES[role]
            actual = round(planned * overrun * rng.uniform(0.85, 1.15), 1) if m <= as_of_month \
                else None
            remaining = round(planned * overrun, 1) if m >= as_of_month else None
            if m == as_of_month:
                actual, remaining = round(actual * 0.5, 1), round(remaining * 0.5, 1)
            workload.append({"workstream": WORKSTREAMS[lang][role], "task": TASKS[lang][role],
                             "resource": person, "role": ROLES[lang][role], "month": m,
                             "planned": planned, "actual": actual, "remaining": remaining})
    card["budget_days"] = round(budget * 1.05)
    # The plan's cost (labour at the roles' rates, licences and servers) and 5 % reserve.
    card["budget_cost"] = round((labour + 20000 + 15000) * 1.05, -3)
    rates = [{"role": ROLES[lang][k], "rate": RATES[k]} for k in range(5)]
    span = (end - start).days
    milestones = []
    for k, label in enumerate(MILESTONES[lang]):
        base = start + dt.timedelta(days=int(span * k / 6))
        base += dt.timedelta(days=(4 - base.weekday()) % 7)  # on a Friday
        moved = base + dt.timedelta(days=int(slip * 1.4 * k / 6))
        done = moved < as_of
        milestones.append({
            "id": f"M{k + 1}", "milestone": label, "baseline_date": base, "forecast_date": moved,
            "actual_date": moved if done else None,
            "status": "Done" if done else ("Late" if slip > 15 else
                                           "At risk" if slip > 5 else "On track"),
            "steering": "Yes" if k in (2, 5) or k == 3 else "No",
        })
    risks = []
    for k, (title, cat) in enumerate(RISKS[lang][: int(rng.integers(4, 8))]):
        critical = rng.uniform() < crit_share
        p, imp = (3, 4) if critical else (int(rng.integers(1, 3)), int(rng.integers(1, 4)))
        risks.append({"id": f"R{k + 1}", "risk": title, "category": cat, "probability": p,
                      "impact": imp, "owner": people[k % len(people)][0],
                      "mitigation": "—", "due_date": as_of + dt.timedelta(days=14 * (k + 1)),
                      "status": "Closed" if k == 0 else "Open",
                      "raised_on": start + dt.timedelta(days=10 * k)})
    actions = []
    for k, title in enumerate(ACTIONS[lang][: int(rng.integers(3, 7))]):
        late = profile != "healthy" and k < 2
        due = as_of + dt.timedelta(days=(-9 if late else 7 * (k + 1)))
        actions.append({"id": f"A{k + 1}", "action": title, "owner": manager,
                        "opened_on": due - dt.timedelta(days=21), "due_date": due,
                        "status": "Done" if k == 3 else "In progress",
                        "risk_id": f"R{k + 1}" if k < len(risks) else None})
    decisions = [{"id": f"D{k + 1}", "decision": d, "needed_by": as_of + dt.timedelta(days=21),
                  "decision_maker": card["sponsor"], "status": "Pending"}
                 for k, d in enumerate(DECISIONS[lang][: int(rng.integers(0, 3))])]
    costs = [{"category": "Licences", "description": "Software licences", "month": months[0],
              "planned": 20000.0, "actual": 20000.0, "remaining": 0.0},
             {"category": "Hardware", "description": "Servers", "month": months[len(months) // 2],
              "planned": 15000.0, "actual": None, "remaining": 16500.0}]
    return card, {"workload": workload, "rates": rates, "milestones": milestones,
                  "risks": risks, "actions": actions, "decisions": decisions, "costs": costs}


def _honest_mistakes(cards: list[dict], tables: list[dict[str, list[dict]]]) -> None:
    """What PMs really do; each shows up as a finding."""
    # ERP-01: actual days typed in a future month; a role without a daily rate.
    wl = tables[0]["workload"]
    future = next(r for r in reversed(wl) if r["actual"] is None)
    future["actual"] = 3.0
    wl.append({**wl[0], "role": "Consultant SAP", "resource": "External team"})
    # WEB-02: a done milestone with no actual date; a duplicate risk ID.
    ms = next(m for m in tables[1]["milestones"] if m["status"] == "Done")
    ms["actual_date"] = None
    tables[1]["risks"][2]["id"] = "R2"
    # DAT-03: criticality typed by hand, wrongly.
    tables[2]["risks"][1]["criticality_given"] = 12
    # ECO-07: a milestone status outside the list, a date that does not exist.
    tables[6]["milestones"][-1]["status"] = "Bientôt"
    tables[6]["actions"][0]["due_date"] = "31/02/2026"
    # FAC-08: numbers typed as text with a French decimal comma (accepted, no finding).
    for r in tables[7]["workload"][:5]:
        r["planned"] = f"{r['planned']:.1f}".replace(".", ",")
    # RGP-11: the tracker has not been updated for five weeks.
    cards[10]["as_of"] = cards[10]["as_of"] - dt.timedelta(days=35)
    # HR-06: the manager's e-mail typed as people do to avoid spam.
    cards[5]["manager_email"] = "fatima.khan(at)example.org"


# Experts several projects share, loaded past capacity from this month on: the deck's
# resource conflicts. name -> (project codes, days a month on each).
SHARED = {"Nadia Benali": (("ERP-01", "DAT-03", "SEC-04"), 8.0),
          "Yann Le Goff": (("ECO-07", "WAN-12"), 10.0)}


def _shared_experts(tables: list[dict[str, list[dict]]], as_of: dt.date) -> None:
    """The shared architects' months: this one half done, the next two to do."""
    codes = [s[0] for s in PROJECTS]
    month = dt.date(as_of.year, as_of.month, 1)
    months = _months(month, month + dt.timedelta(days=62))[:3]
    for person, (projects, days) in SHARED.items():
        for code in projects:
            lang = PROJECTS[codes.index(code)][2]
            for m in months:
                now = m == month
                tables[codes.index(code)]["workload"].append({
                    "workstream": WORKSTREAMS[lang][1], "task": TASKS[lang][1],
                    "resource": person, "role": ROLES[lang][1], "month": m, "planned": days,
                    "actual": days / 2 if now else None,
                    "remaining": days / 2 if now else days})


def _moved(baseline: dt.date, forecast: dt.date, factor: float) -> dt.date:
    """A forecast date ``factor`` of its way from the baseline (a smaller slip)."""
    return baseline + dt.timedelta(days=round((forecast - baseline).days * factor))


def _rewind(cards: list[dict], tables: list[dict[str, list[dict]]], weeks: int) -> None:
    """The trackers as they were ``weeks`` weeks before: the month's actuals lower, the
    drifting projects' remaining work and milestone slips smaller, LOG-05 amber, a risk
    of WAN-12 not yet critical, ERP-01's new risk not yet raised."""
    for spec, card, data in zip(PROJECTS, cards, tables, strict=True):
        code, profile = spec[0], spec[7]
        as_of = card["as_of"] - dt.timedelta(days=7 * weeks)
        card["as_of"] = as_of
        factor = (0.5 if weeks == 1 else 0.3) if code == TURNS_RED else 1 - 0.1 * weeks
        card["end_forecast"] = _moved(card["end_baseline"], card["end_forecast"], factor)
        slip = PROFILES[profile][1] * factor
        for m in data["milestones"]:
            if m["actual_date"] is not None and m["actual_date"] < as_of:
                continue  # done by then
            m["actual_date"] = None
            m["forecast_date"] = _moved(m["baseline_date"], m["forecast_date"], factor)
            m["status"] = "Late" if slip > 15 else "At risk" if slip > 5 else "On track"
        month = dt.date(as_of.year, as_of.month, 1)
        for r in data["workload"]:
            actual, remaining = r["actual"], r["remaining"] or 0.0
            if actual is not None and r["month"] > month:
                r["actual"], r["remaining"] = None, round(remaining + actual, 1)
            elif actual is not None and r["month"] == month:  # the month's actuals grow
                moved = round(actual * 0.25 * weeks, 1)
                r["actual"], r["remaining"] = round(actual - moved, 1), round(remaining + moved, 1)
            if profile != "healthy" and r["remaining"]:  # the estimates grew since
                r["remaining"] = round(r["remaining"] * (1 - 0.04 * weeks), 1)
        if code == TURNS_RED:
            card["status"] = "Amber"
        if code == RISK_WORSENS:
            risk = next(r for r in data["risks"]
                        if r["status"] == "Open" and (r["probability"], r["impact"]) == (3, 4))
            risk["probability"] = 2
        if code == NEW_RISK:
            data["risks"].pop()


def make_demo(folder: str | Path, as_of: dt.date | None = None, seed: int = 2026, *,
              weeks_ago: int = 0) -> Path:
    """Write the demo trackers into ``folder`` (emptied first) and return it: as they
    are at ``as_of`` (default: the last Friday), or as they were ``weeks_ago`` weeks
    before."""
    folder = Path(folder)
    try:
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    except OSError as exc:
        raise OutputError(f"cannot create {folder}: {exc.strerror or exc}") from exc
    as_of = as_of or last_friday()
    rng = np.random.default_rng(seed)
    built = [_project(i, spec, as_of, rng) for i, spec in enumerate(PROJECTS)]
    cards = [c for c, _ in built]
    tables = [t for _, t in built]
    new = tables[[s[0] for s in PROJECTS].index(NEW_RISK)]["risks"][-1]
    new["raised_on"] = as_of - dt.timedelta(days=2)
    if weeks_ago:
        _rewind(cards, tables, weeks_ago)
        as_of -= dt.timedelta(days=7 * weeks_ago)
    _honest_mistakes(cards, tables)
    _shared_experts(tables, as_of)
    for i, (spec, card, data) in enumerate(zip(PROJECTS, cards, tables, strict=True)):
        lang = spec[2]
        sub = folder / ("Programme " + card["programme"])
        # Both forms of the workload, as a real portfolio has them: months across (the
        # template's default) for most, the long form for some.
        layout = "long" if i % 3 == 2 else "grid"
        write_tracker(sub / f"{card['code']}_{lang}.xlsx", card, data, lang=lang,
                      layout=layout)
    # An older copy left in an archive folder: same code, earlier reporting date.
    old = {**cards[4], "as_of": as_of - dt.timedelta(days=14)}
    write_tracker(folder / "archive" / "LOG-05_old.xlsx", old, tables[4], lang="en")
    # Excel's owner file of a workbook someone has open: skipped silently.
    (folder / "Programme Digital" / "~$WEB-02_en.xlsx").write_bytes(b"\x00" * 165)
    # A CSV export saved with an .xlsx name: not a workbook.
    (folder / "budget_export.xlsx").write_text("code;budget\nERP-01;1200\n", encoding="utf-8")
    (folder / "README.txt").write_text("Trackers of the demo portfolio.\n", encoding="utf-8")
    _register(folder)
    return folder


# A project the PMO expects that never sends its tracker (the collection loop).
SILENT = ("OPS-13", "Supervision réseau", "Marc Lefèvre")


def email_of(manager: str) -> str:
    """firstname.lastname@example.org, without accents or apostrophes."""
    plain = normalize_label(manager).replace("'", "").replace(" ", ".")
    return f"{plain}@example.org"


def _register(folder: Path) -> None:
    """The register of expected projects, as a CSV a PMO exports from its list, and the
    settings that name it and who receives the flash e-mail (beside the trackers, where
    pmo-xl looks for them)."""
    rows = [(code, name, manager) for code, name, _, _, manager, *_ in PROJECTS] + [SILENT]
    lines = ["Code projet;Nom du projet;Chef de projet;E-mail du chef de projet"]
    lines += [f"{code};{name};{manager};{email_of(manager)}" for code, name, manager in rows]
    (folder / "register.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / SETTINGS_FILE).write_text(
        'register = "register.csv"\nflash_to = ["steering.committee@example.org"]\n',
        encoding="utf-8")
