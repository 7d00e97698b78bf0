"""The key messages' sentences, in English and French: one pattern per message, the
same every week (docs/messages.md). Every number, date and status word comes from the
message's facts (``kpis.messages``) and is written as every output writes it; the fixed
words are in ``TEXTS``, (en, fr) pairs like every other text of the outputs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pmo_xl.figures.registry import figure
from pmo_xl.schema import text
from pmo_xl.schema.contract import MILESTONE_STATUS, RAG

Params = dict[str, Any]

TEXTS: dict[str, tuple[str, str]] = {
    "status_counts": ("{total} projects — computed status: {counts}.",
                      "{total} projets — météo calculée\u00a0: {counts}."),
    "status_before": (" At the last report: {counts}.", " Au dernier reporting\u00a0: {counts}."),
    "no_history": ("No previous report to compare with: changes of status will show from "
                   "the next one.",
                   "Pas de reporting précédent\u00a0: les changements de météo apparaîtront au "
                   "prochain."),
    "none_turned": ("No project turned red or amber since the last report.",
                    "Aucun projet n'est passé au rouge ou à l'orange depuis le dernier "
                    "reporting."),
    "turned": ("Turned red or amber since the last report ({n}): {items}.",
               "Passés au rouge ou à l'orange depuis le dernier reporting ({n})\u00a0: {items}."),
    "none_mismatch": ("Declared and computed statuses agree for every project.",
                      "Météo déclarée et météo calculée concordent pour tous les projets."),
    "mismatch": ("Declared status differs from the computed one ({n}): {items}.",
                 "Météo déclarée différente de la calculée ({n})\u00a0: {items}."),
    "mismatch_item": ("{code} declared {declared}, computed {computed}",
                      "{code} déclaré {declared}, calculé {computed}"),
    "none_overrun": ("No project's estimate at completion exceeds its plan.",
                     "Aucun réestimé ne dépasse le prévu."),
    "overruns": ("Estimate at completion over plan for {count} project(s); the largest: "
                 "{items}.",
                 "Réestimé au-delà du prévu pour {count} projet(s)\u00a0; les plus forts\u00a0: "
                 "{items}."),
    "cost": ("Cost of the {priced} priced project(s) of {total}: EAC {eac} for a budget of "
             "{budget} ({delta}, {pct}); {items}.",
             "Coût des {priced} projet(s) chiffré(s) sur {total}\u00a0: réestimé {eac} pour un "
             "budget de {budget} ({delta}, {pct})\u00a0; {items}."),
    "over_budget": ("over budget ({n}): {items}", "au-delà du budget ({n})\u00a0: {items}"),
    "none_over_budget": ("no priced project's EAC exceeds its budget",
                         "aucun réestimé chiffré ne dépasse son budget"),
    "none_milestone": ("No COPIL milestone due by {by} is late or at risk.",
                       "Aucun jalon COPIL dû d'ici le {by} n'est en retard ou à risque."),
    "milestones": ("COPIL milestones due by {by}, late or at risk ({n}): {items}.",
                   "Jalons COPIL dus d'ici le {by}, en retard ou à risque ({n})\u00a0: {items}."),
    "none_decision": ("No decision needed by {by}.", "Aucune décision attendue d'ici le {by}."),
    "decisions": ("Decisions needed by {by} ({n}): {items}.",
                  "Décisions attendues d'ici le {by} ({n})\u00a0: {items}."),
    "no_date": ("no date", "sans date"),
    "needed_by": ("by {date}", "pour le {date}"),
    "reported": ("{reported} of {expected} expected projects reported",
                 "{reported} projets sur {expected} attendus ont envoyé leur suivi"),
    "not_reported": ("not reported: {codes}", "sans reporting\u00a0: {codes}"),
    "stale": ("stale: {codes}", "obsolètes\u00a0: {codes}"),
    "left_out": ("{n} file(s) left out", "{n} fichier(s) écarté(s)"),
}


def _t(key: str, lang: str, **values: object) -> str:
    return text.pick(TEXTS[key], lang).format(**values)


def _status(value: object, lang: str) -> str:
    return RAG.translate(value, lang) if isinstance(value, str) else text.DASH


def _counts(counts: dict[str, int], lang: str, worst: list[str] | None = None) -> str:
    """``Red 2 (B, D) · Amber 1 · Green 1``: the worst status's projects named."""
    said = []
    for v in reversed(RAG.values):
        said.append(f"{_status(v, lang)} {counts.get(v, 0)}")
        if worst and v == RAG.values[-1]:
            said[-1] += f" ({', '.join(worst)})"
    return " · ".join(said)


def _why(row: dict[str, Any], lang: str) -> str:
    reasons = figure("projects", "status_reasons").cell(row, lang)
    return f" ({reasons})" if reasons else ""


def _status_counts(p: Params, lang: str, currency: str) -> str:
    said = _t("status_counts", lang, total=p["total"],
              counts=_counts(p["now"], lang, p.get("worst")))
    if "before" in p:
        said += _t("status_before", lang, counts=_counts(p["before"], lang))
    return said


def _turned(p: Params, lang: str, currency: str) -> str:
    if not p["history"]:
        return _t("no_history", lang)
    rows = p["projects"]
    if not rows:
        return _t("none_turned", lang)
    items = [f"{r['project']} {_status(r['status_prev'], lang)} → "
             f"{_status(r['computed_status'], lang)}{_why(r, lang)}" for r in rows]
    return _t("turned", lang, n=len(rows), items=text.listing(items, lang))


def _mismatches(p: Params, lang: str, currency: str) -> str:
    rows = p["projects"]
    if not rows:
        return _t("none_mismatch", lang)
    items = [_t("mismatch_item", lang, code=r["project"], declared=_status(r["status"], lang),
                computed=_status(r["computed_status"], lang)) + _why(r, lang) for r in rows]
    return _t("mismatch", lang, n=len(rows), items=text.listing(items, lang))


def _overruns(p: Params, lang: str, currency: str) -> str:
    rows = p["projects"]
    if not rows:
        return _t("none_overrun", lang)
    days = figure("projects", "variance_days")
    items = [f"{r['project']} {days.text(r['variance_days'], lang, unit=True)}" for r in rows]
    return _t("overruns", lang, count=p["count"], items=", ".join(items))


def _cost(p: Params, lang: str, currency: str) -> str:
    budget, eac = p["budget_cost"], p["eac_cost"]
    rows = p["projects"]
    items = _t("over_budget", lang, n=p["over"], items=", ".join(
        f"{r['project']} {text.money(r['overrun_cost'], lang, currency, signed=True)}"
        for r in rows)) if rows else _t("none_over_budget", lang)
    return _t("cost", lang, priced=p["priced"], total=p["total"],
              eac=text.money(eac, lang, currency), budget=text.money(budget, lang, currency),
              delta=text.money(eac - budget, lang, currency, signed=True),
              pct=text.percent(eac / budget - 1, lang, signed=True, decimals=1) if budget
              else text.DASH,
              items=items)


def _milestones_at_risk(p: Params, lang: str, currency: str) -> str:
    by, rows = text.date(p["by"]), p["milestones"]
    if not rows:
        return _t("none_milestone", lang, by=by)
    slip_fig = figure("milestones", "slip_days")
    items = []
    for r in rows:
        status = MILESTONE_STATUS.translate(r["status"], lang) if r["status"] else text.DASH
        slip = "" if r["slip_days"] is None or r["slip_days"] <= 0 else \
            f", {slip_fig.short(lang).lower()} {slip_fig.text(r['slip_days'], lang, unit=True)}"
        items.append(f"{r['project']} {r['milestone']} {text.date(r['target_date'])} "
                     f"({status}{slip})")
    return _t("milestones", lang, by=by, n=len(rows), items=text.listing(items, lang))


def _decisions_due(p: Params, lang: str, currency: str) -> str:
    by, rows = text.date(p["by"]), p["decisions"]
    if not rows:
        return _t("none_decision", lang, by=by)
    items = [f"{r['project']} {r['decision']} (" + (
        _t("no_date", lang) if r["needed_by"] is None
        else _t("needed_by", lang, date=text.date(r["needed_by"]))) + ")" for r in rows]
    return _t("decisions", lang, by=by, n=len(rows), items=text.listing(items, lang))


def _data_caveat(p: Params, lang: str, currency: str) -> str:
    parts = [_t("reported", lang, reported=p["reported"], expected=p["expected"])]
    if p["missing"]:
        parts.append(_t("not_reported", lang, codes=", ".join(p["missing"])))
    if p["stale"]:
        parts.append(_t("stale", lang, codes=", ".join(p["stale"])))
    if p["left_out"]:
        parts.append(_t("left_out", lang, n=p["left_out"]))
    return text.listing(parts, lang) + "."


_PATTERNS: dict[str, Callable[[Params, str, str], str]] = {
    "status_counts": _status_counts,
    "turned": _turned,
    "mismatches": _mismatches,
    "overruns": _overruns,
    "cost": _cost,
    "milestones_at_risk": _milestones_at_risk,
    "decisions_due": _decisions_due,
    "data_caveat": _data_caveat,
}


def message_text(key: str, params: Params, lang: str, currency: str = "€") -> str:
    """One key message as a sentence in ``lang``."""
    return _PATTERNS[key](params, lang, currency)


def messages_text(messages: list, lang: str, currency: str = "€") -> list[str]:
    """The key messages (``kpis.messages.Message``) as sentences in ``lang``."""
    return [message_text(m.key, m.params, lang, currency) for m in messages]
