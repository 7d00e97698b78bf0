"""The COPIL deck's slides, in a typical steering-committee order."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pptx.util import Emu

from pmo_xl.deck.layouts import Layouts
from pmo_xl.deck.parts import (
    RAG_FILL,
    add_bubbles,
    add_chart,
    add_table,
    add_text,
    set_title,
)
from pmo_xl.deck.roadmap import draw_roadmap
from pmo_xl.kpis.portfolio import largest_overruns, risk_heatmap, s_curve
from pmo_xl.kpis.risks import criticality_class, is_open
from pmo_xl.model import Portfolio
from pmo_xl.schema.contract import RAG, TREND

SUMMARY_ROWS = 12
LIST_ROWS = 10
LIST_PAGES = 3  # a COPIL reads the first 30; the rest is in the master workbook
CHART_PROJECTS = 20  # bars a static chart can still show readably

TEXT = {
    "en": dict(
        copil="Steering committee", summary="Portfolio status", charts="Portfolio figures",
        roadmap="Roadmap", risks="Risks", decisions="Decisions requested",
        actions="Overdue actions", quality="Appendix: data quality", none="None this time.",
        cont="(continued)", more="… and {n} more: see the master workbook.",
        project="Project", name="Name", declared="Declared",
        computed="Computed", trend="Trend", eac_budget="EAC / budget (days)",
        slip="Max slip (d)", slip_one="Slip (d)", critical="Critical risks",
        eac_chart="EAC vs budget (days)",
        eac_chart_top="EAC vs budget (days): the {n} largest overruns of {total} projects",
        budget="Budget", eac="EAC", scurve="S-curve (cumulative days)", planned="Planned",
        forecast="Consumed + remaining", today="Reporting date", heat="Open risks",
        top_risks="Top open risks", risk="Risk", pxi="P×I", owner="Owner",
        mitigation="Mitigation", decision="Decision", needed_by="Needed by",
        maker="Decision maker", action="Action", due="Due", late="Days late",
        errors="Errors", warnings="Warnings", top_rule="Most frequent rule",
        manager="Project manager", sponsor="Sponsor", phase="Phase", as_of="Reporting date",
        progress="Progress", highlights="Highlights", concerns="Points of attention",
        next_steps="Next steps", milestones="Milestones", baseline="Baseline",
        forecast_date="Forecast / actual", workload="Workload (days per month)",
        probability="Probability", impact="Impact", files="files left out",
        mta="Milestone trends", diagonal="On time", changes="Since the last report",
        portfolio="Portfolio", changed="changed", evm="EVM",
        drift="EAC drift (days)", status_move="Status", risks_move="Risks new / closed / "
        "worse", moved="Milestones moved (max days)", trends="Trend computed / declared",
        priorities="Portfolio priorities", bubbles="Business value vs complexity "
        "(bubble = EAC cost)", value="Business value", complexity="Complexity",
        rank="Rank", score="Score",
        no_scores="No project has both a business value and a complexity yet."),
    "fr": dict(
        copil="Comité de pilotage", summary="Météo du portefeuille", charts="Chiffres clés",
        roadmap="Feuille de route", risks="Risques", decisions="Décisions attendues",
        actions="Actions en retard", quality="Annexe : qualité des données",
        none="Aucune cette fois.", cont="(suite)",
        more="… et {n} de plus : voir le classeur maître.", project="Projet", name="Nom",
        declared="Déclarée", computed="Calculée", trend="Tendance",
        eac_budget="Réestimé / budget (j/h)", slip="Glissement max (j)",
        slip_one="Glissement (j)",
        critical="Risques critiques", eac_chart="Réestimé vs budget (j/h)", budget="Budget",
        eac_chart_top="Réestimé vs budget (j/h) : les {n} plus gros dépassements sur {total}",
        eac="Réestimé", scurve="Courbe en S (j/h cumulés)", planned="Prévu",
        forecast="Consommé + reste à faire", today="Date de reporting", heat="Risques ouverts",
        top_risks="Principaux risques ouverts", risk="Risque", pxi="P×I",
        owner="Propriétaire", mitigation="Plan de mitigation", decision="Décision",
        needed_by="Date souhaitée", maker="Décideur", action="Action", due="Échéance",
        late="Jours de retard", errors="Erreurs", warnings="Avertissements",
        top_rule="Règle la plus fréquente", manager="Chef de projet", sponsor="Sponsor",
        phase="Phase", as_of="Date de reporting", progress="Avancement",
        highlights="Faits marquants", concerns="Points d'attention",
        next_steps="Prochaines étapes", milestones="Jalons", baseline="Référence",
        forecast_date="Prévisionnelle / réelle", workload="Charges (j/h par mois)",
        probability="Probabilité", impact="Impact", files="fichiers écartés",
        mta="Tendance des jalons", diagonal="Diagonale",
        changes="Depuis le dernier reporting", drift="Dérive du réestimé (j/h)",
        portfolio="Portefeuille", changed="changée(s)", evm="Valeur acquise",
        status_move="Météo", risks_move="Risques nouveaux / clos / aggravés",
        moved="Jalons décalés (max j)", trends="Tendance calculée / déclarée",
        priorities="Priorités du portefeuille", bubbles="Valeur métier vs complexité "
        "(bulle = coût réestimé)", value="Valeur métier", complexity="Complexité",
        rank="Rang", score="Score",
        no_scores="Aucun projet n'a encore de valeur métier et de complexité."),
}


@dataclass
class Canvas:
    """The free area of a slide under its title."""

    left: int
    top: int
    width: int
    height: int


class Deck:
    def __init__(self, prs, lay: Layouts, portfolio: Portfolio, lang: str) -> None:
        self.prs, self.lay, self.p, self.lang = prs, lay, portfolio, lang
        self.mta: pd.DataFrame | None = None
        self.t = TEXT[lang]
        title = next(ph for ph in lay.title_only.placeholders
                     if ph.placeholder_format.type in (1, 3))
        margin = Emu(150000)
        top = title.top + title.height + margin
        self.canvas = Canvas(title.left, top, title.width,
                             prs.slide_height - top - Emu(420000))
        self._rows: dict[int, dict[object, np.ndarray]] = {}

    def of_project(self, table: pd.DataFrame, code: object,
                   columns: list[str] | None = None) -> pd.DataFrame:
        """Rows of ``table`` for one project (only ``columns`` if given); the table is
        grouped once, not scanned once per slide (the workload may hold a million rows)."""
        groups = self._rows.get(id(table))
        if groups is None:
            groups = self._rows[id(table)] = table.groupby("project", sort=False).indices
        rows = groups.get(code, np.empty(0, dtype=np.int64))
        return table.iloc[rows] if columns is None else table[columns].iloc[rows]

    def slide(self, title: str):
        slide = self.prs.slides.add_slide(self.lay.title_only)
        set_title(slide, title)
        for ph in list(slide.placeholders):
            if (ph.placeholder_format.type not in (1, 3) and not ph.has_text_frame) or (
                    ph.placeholder_format.type not in (1, 3) and not ph.text_frame.text):
                ph.element.getparent().remove(ph.element)  # no empty "click to add" boxes
        return slide

    def word(self, choices, value: object) -> str:
        return choices.translate(value, self.lang) if isinstance(value, str) else "—"

    def paged(self, title: str, rows: list[list[object]], per_page: int):
        """(slide, rows) per page; a '(continued)' title after the first."""
        pages = [rows[i:i + per_page] for i in range(0, len(rows), per_page)] or [[]]
        for i, chunk in enumerate(pages):
            yield self.slide(title if i == 0 else f"{title} {self.t['cont']}"), chunk


def title_slide(d: Deck) -> None:
    slide = d.prs.slides.add_slide(d.lay.title)
    name = d.p.settings.portfolio_name
    when = d.p.reporting_date
    set_title(slide, f"{d.t['copil']} — {name}", 40, 24)
    subtitle = next((ph for ph in slide.placeholders if ph.placeholder_format.type == 4), None)
    text = f"{when:%d/%m/%Y}" if when else ""
    if subtitle is not None:
        subtitle.text = text
    for ph in list(slide.placeholders):
        if ph.placeholder_format.type not in (3, 4, 1) and not ph.text_frame.text:
            ph.element.getparent().remove(ph.element)


def summary_slides(d: Deck, projects: pd.DataFrame) -> None:
    t, c = d.t, d.canvas
    headers = [t["project"], t["name"], t["declared"], t["computed"], t["trend"],
               t["eac_budget"], t["slip"], t["critical"]]
    rows, rags = [], []
    for _, p in projects.iterrows():
        budget = p["budget_days"]
        ratio = f" ({p['eac_days'] / budget - 1:+.0%})" if budget and not pd.isna(budget) else ""
        eac = f"{p['eac_days']:,.0f} / {budget:,.0f}{ratio}" if not pd.isna(budget) else \
            f"{p['eac_days']:,.0f} / —"
        rows.append([p["project"], p["name"], d.word(RAG, p["status"]),
                     d.word(RAG, p["computed_status"]), d.word(TREND, p["trend"]),
                     eac.replace(",", "\u202f"), p["max_slip_days"], int(p["critical_risks"])])
        rags.append((p["status"], p["computed_status"]))
    for page, (slide, chunk) in enumerate(d.paged(t["summary"], rows, SUMMARY_ROWS)):
        fills = {}
        for r in range(len(chunk)):
            declared, computed = rags[page * SUMMARY_ROWS + r]
            for col, rag in ((2, declared), (3, computed)):
                if rag in RAG_FILL:
                    fills[(r, col)] = RAG_FILL[rag]
        add_table(slide, c.left, c.top, c.width, headers, chunk,
                  [1.1, 3.2, 1.1, 1.1, 1.3, 2.0, 1.1, 1.0], fills=fills)


def chart_slide(d: Deck, projects: pd.DataFrame) -> None:
    t, c = d.t, d.canvas
    slide = d.slide(t["charts"])
    half = (c.width - Emu(200000)) // 2
    shown, title = projects, t["eac_chart"]
    if len(projects) > CHART_PROJECTS:
        shown = largest_overruns(projects, CHART_PROJECTS)
        title = t["eac_chart_top"].format(n=CHART_PROJECTS, total=len(projects))
    add_chart(slide, "column", c.left, c.top, half, c.height, list(shown["project"]),
              {t["budget"]: shown["budget_days"].tolist(),
               t["eac"]: shown["eac_days"].tolist()}, title)
    workload = d.p.workload
    if len(projects) < len(d.p.projects):  # a deck for some projects: their S-curve
        workload = workload[workload["project"].isin(set(projects["project"])).to_numpy()]
    curve = s_curve(workload)
    add_chart(slide, "line", c.left + half + Emu(200000), c.top, half, c.height,
              [m.strftime("%m/%y") for m in curve.index],
              {t["planned"]: curve["planned_cum"].tolist(),
               t["forecast"]: curve["forecast_cum"].tolist()}, t["scurve"])


def roadmap_slides(d: Deck, projects: pd.DataFrame) -> None:
    per_page = 12
    today = pd.Timestamp(d.p.reporting_date or d.p.run_at.date())
    for i in range(0, max(len(projects), 1), per_page):
        chunk = projects.iloc[i:i + per_page]
        title = d.t["roadmap"] if i == 0 else f"{d.t['roadmap']} {d.t['cont']}"
        slide = d.slide(title)
        if len(chunk):
            c = d.canvas
            draw_roadmap(slide, chunk, d.p.milestones, today, c.left, c.top, c.width, c.height,
                         f"{today:%d/%m/%Y}")


def risk_slide(d: Deck) -> None:
    t, c = d.t, d.canvas
    slide = d.slide(t["risks"])
    scale = d.p.settings.risk_scale
    grid = risk_heatmap(d.p.risks, scale)
    side = min(c.height - Emu(400000), Emu(3600000))
    add_text(slide, c.left, c.top, side, Emu(300000), f"{t['heat']} — {t['probability']} ↓ × "
             f"{t['impact']} →", size=12, bold=True)
    rows = [[int(p), *[int(v) or "" for v in grid.loc[p]]] for p in grid.index]
    fills = {}
    for r, p in enumerate(grid.index):
        for j, i in enumerate(grid.columns):
            klass = criticality_class(pd.Series([float(p * i)]), scale).iloc[0]
            fills[(r, j + 1)] = {"Critical": RAG_FILL["Red"], "Major": RAG_FILL["Amber"],
                                 "Minor": RAG_FILL["Green"]}[klass]
    add_table(slide, c.left, c.top + Emu(350000), side, ["", *map(str, grid.columns)], rows,
              [0.6] + [1] * len(grid.columns), size=14, row_height=int(side / (scale + 1)),
              fills=fills, center=True)
    open_risks = d.p.risks[is_open(d.p.risks["status"]).to_numpy()]
    top = open_risks.sort_values(["criticality", "project"], ascending=[False, True]).head(8)
    left = c.left + side + Emu(300000)
    add_text(slide, left, c.top, c.width - side - Emu(300000), Emu(300000), t["top_risks"],
             size=12, bold=True)
    add_table(slide, left, c.top + Emu(350000), c.width - side - Emu(300000),
              [t["project"], t["risk"], t["pxi"], t["owner"], t["mitigation"]],
              [[r["project"], r["risk"], r["criticality"], r["owner"], r["mitigation"]]
               for _, r in top.iterrows()], [1.0, 3.0, 0.6, 1.4, 2.6], size=10)


def list_slides(d: Deck, title: str, headers: list[str], rows: list[list[object]],
                weights: list[float]) -> None:
    c = d.canvas
    shown, hidden = rows[:LIST_ROWS * LIST_PAGES], len(rows) - LIST_ROWS * LIST_PAGES
    pages = list(d.paged(title, shown, LIST_ROWS))
    for i, (slide, chunk) in enumerate(pages):
        if chunk:
            shape = add_table(slide, c.left, c.top, c.width, headers, chunk, weights)
            if hidden > 0 and i == len(pages) - 1:
                add_text(slide, c.left, shape.top + shape.height + Emu(100000), c.width,
                         Emu(400000), d.t["more"].format(n=hidden), size=12)
        else:
            add_text(slide, c.left, c.top, c.width, Emu(500000), d.t["none"], size=16)


def decision_and_action_slides(d: Deck, codes: set[str]) -> None:
    t = d.t
    dec = d.p.decisions
    dec = dec[dec["project"].isin(codes) & (dec["status"].isna() | (dec["status"] == "Pending"))]
    dec = dec.sort_values(["needed_by", "project"], na_position="last")
    list_slides(d, t["decisions"], [t["project"], t["decision"], t["needed_by"], t["maker"]],
                [[r["project"], r["decision"], r["needed_by"], r["decision_maker"]]
                 for _, r in dec.iterrows()], [1, 5, 1.4, 2])
    act = d.p.actions
    act = act[act["project"].isin(codes) & act["overdue"]].sort_values(["due_date", "project"])
    as_of = d.p.projects.set_index("project")["as_of"]
    list_slides(d, t["actions"], [t["project"], t["action"], t["owner"], t["due"], t["late"]],
                [[r["project"], r["action"], r["owner"], r["due_date"],
                  int((as_of[r["project"]] - r["due_date"]).days)] for _, r in act.iterrows()],
                [1, 5, 2, 1.3, 1.1])


def quality_slide(d: Deck, codes: set[str]) -> None:
    t = d.t
    f = d.p.findings
    rows = []
    for code, group in f[f["project"].isin(codes)].groupby("project"):
        rows.append([code, int((group["severity"] == "error").sum()),
                     int((group["severity"] == "warning").sum()),
                     group["rule"].value_counts().index[0]])
    left_out = int((~d.p.sources["used"]).sum())
    title = f"{t['quality']} — {left_out} {t['files']}" if left_out else t["quality"]
    list_slides(d, title, [t["project"], t["errors"], t["warnings"], t["top_rule"]], rows,
                [1.2, 1, 1, 3])


def project_slide(d: Deck, p: pd.Series) -> None:
    from pmo_xl.deck.project import draw_project

    draw_project(d, p)



def priority_slide(d: Deck, projects: pd.DataFrame) -> None:
    """Value vs complexity bubbles (size = EAC cost) and the ranking's top ten."""
    t, c = d.t, d.canvas
    ranked = projects.sort_values(["priority_rank", "project"], na_position="last")
    scored = ranked.dropna(subset=["value", "complexity"]).head(30)
    slide = d.slide(t["priorities"])
    half = int(c.width * 0.55)
    if len(scored):
        top_cost = scored["eac_cost"].max(skipna=True)
        points = [(p["project"], float(p["complexity"]), float(p["value"]),
                   float(p["eac_cost"]) if pd.notna(p["eac_cost"]) and top_cost
                   else 1.0) for _, p in scored.iterrows()]
        add_bubbles(slide, c.left, c.top, half, c.height, points, t["bubbles"],
                    t["complexity"], t["value"])
    else:
        add_text(slide, c.left, c.top, half, Emu(800000), t["no_scores"], size=16)
    rows = [[int(p["priority_rank"]) if pd.notna(p["priority_rank"]) else "—",
             p["project"], p["name"], p["priority_score"]]
            for _, p in ranked.head(10).iterrows()]
    add_table(slide, c.left + half + Emu(200000), c.top, c.width - half - Emu(200000),
              [t["rank"], t["project"], t["name"], t["score"]], rows, [0.7, 1.1, 3, 0.8],
              size=10)


def changes_slides(d: Deck, changes: pd.DataFrame, codes: set[str]) -> None:
    """What moved since the last report, worst drift first."""
    t = d.t
    ch = changes[changes["project"].isin(codes)].sort_values(
        ["drift_pct", "project"], ascending=[False, True], na_position="last")
    from pmo_xl.history.wow import portfolio_change

    total = portfolio_change(ch)
    rows = [[t["portfolio"], f"{total['drift_days']:+g} ({total['drift_pct']:+.0%})"
             if pd.notna(total["drift_pct"]) else "—",
             f"{total['status_changed']} {t['changed']}",
             f"{total['new_risks']} / {total['closed_risks']} / {total['worsened_risks']}",
             str(total["moved_milestones"]), ""]]
    for _, r in ch.iterrows():
        drift = "—" if pd.isna(r["drift_days"]) else (
            f"{r['drift_days']:+g} ({r['drift_pct']:+.0%})" if pd.notna(r["drift_pct"])
            else f"{r['drift_days']:+g}")
        status = f"{d.word(RAG, r['status_prev'])} → {d.word(RAG, r['status_now'])}"
        moved = (f"{int(r['moved_milestones'])} ({r['max_move_days']:+g})"
                 if r["moved_milestones"] else "0")
        rows.append([r["project"], drift, status, f"{int(r['new_risks'])} / "
                     f"{int(r['closed_risks'])} / {int(r['worsened_risks'])}", moved,
                     f"{d.word(TREND, r['computed_trend'])} / "
                     f"{d.word(TREND, r['declared_trend'])}"])
    list_slides(d, t["changes"], [t["project"], t["drift"], t["status_move"],
                                  t["risks_move"], t["moved"], t["trends"]], rows,
                [1, 1.6, 1.8, 1.6, 1.6, 2.2])
