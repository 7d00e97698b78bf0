"""The flash e-mail: the week's portfolio in one message to management.

A draft (RFC 5322, ``X-Unsent: 1``, as the chase's) to the ``flash_to`` addresses: the
key messages, the portfolio status as a small table and one chart — the status counts
and EAC vs budget of the largest projects, drawn with matplotlib as an inline PNG, the
right tool where an e-mail cannot carry an Office chart — in HTML and plain text, in
the portfolio's language, with the COPIL deck attached when there is one. Tracker text
is escaped in the HTML and no link is ever built from it.
"""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Any

import pandas as pd

from pmo_xl.atomic import atomic_path
from pmo_xl.chase import draft_email
from pmo_xl.figures import figure, texts, view
from pmo_xl.figures.messages import messages_text
from pmo_xl.kpis.messages import portfolio_messages
from pmo_xl.model import Portfolio
from pmo_xl.schema import text
from pmo_xl.schema.contract import INK, NEUTRAL, RAG

CHART_PROJECTS = 8  # the largest projects (by EAC, else budget) on the EAC vs budget chart
CHART_ID = "flash-chart@pmo-xl"  # the image's Content-ID, referenced from the HTML
PPTX = "vnd.openxmlformats-officedocument.presentationml.presentation"

TEXT = {  # key: (EN, FR)
    "subject": ("Portfolio flash — {name} — {date}", "Flash portefeuille — {name} — {date}"),
    "messages": ("Key messages", "Messages clés"),
    "status": ("Portfolio status", "Météo du portefeuille"),
    "counts": ("Projects by computed status", "Projets par météo calculée"),
    "eac": ("EAC vs budget (days), the {n} largest projects",
            "Réestimé vs budget (j/h), les {n} plus gros projets"),
    "alt": ("Chart: projects by computed status; EAC vs budget of the largest projects.",
            "Graphique : projets par météo calculée ; réestimé vs budget des plus gros "
            "projets."),
    "deck": ("The COPIL deck is attached: {file}.", "Le support COPIL est joint : {file}."),
    "pmo": ("The PMO", "Le PMO"),
}
_TONED = ("status", "computed_status")  # columns shown in their status colour
_WHOLE = ("project", *_TONED)  # never cut inside a word


def _t(key: str, lang: str) -> str:
    return text.pick(TEXT[key], lang)


def flash_path(master: str | Path) -> Path:
    """``<master stem>_flash.eml`` beside the master workbook."""
    master = Path(master)
    return master.with_name(f"{master.stem}_flash.eml")


def _status_rows(portfolio: Portfolio) -> list[dict[str, Any]]:
    """The projects, worst computed status first, then by code."""
    p = portfolio.projects
    order = p.assign(_rank=-p["computed_status"].map(RAG.rank).fillna(-1)).sort_values(
        ["_rank", "project"], kind="stable")
    return order.drop(columns="_rank").to_dict("records")


def largest_projects(projects: pd.DataFrame, n: int) -> pd.DataFrame:
    """The ``n`` largest projects by days (EAC, or budget when larger), largest first,
    then by code; projects with neither are not charted."""
    sized = projects[projects["budget_days"].notna() | projects["eac_days"].notna()]
    sized = sized.assign(_size=sized[["eac_days", "budget_days"]].max(axis=1))
    return sized.sort_values(["_size", "project"], ascending=[False, True],
                             kind="stable").head(n).drop(columns="_size")


def flash_chart(portfolio: Portfolio, lang: str) -> bytes:
    """The chart as PNG bytes: how many projects are red, amber, green (computed), and
    EAC vs budget in days of the largest projects (by EAC, else budget)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    p = portfolio.projects
    fig = Figure(figsize=(9.6, 3.6), dpi=150, layout="constrained")
    FigureCanvasAgg(fig)
    left, right = fig.subplots(1, 2, width_ratios=[1, 2.3])
    worst_first = list(reversed(RAG.values))
    counts = p["computed_status"].value_counts()
    bars = left.bar([RAG.translate(v, lang) for v in worst_first],
                    [int(counts.get(v, 0)) for v in worst_first],
                    color=[f"#{RAG.tone(v).fill}" for v in worst_first], width=0.6)
    left.bar_label(bars, padding=2, fontsize=10)
    left.set_title(_t("counts", lang), fontsize=11)
    left.set_yticks([])
    left.margins(y=0.18)
    for side in ("top", "right", "left"):
        left.spines[side].set_visible(False)

    big = largest_projects(p, CHART_PROJECTS).iloc[::-1]  # the largest at the top
    y = list(range(len(big)))
    eac, budget = big["eac_days"].fillna(0), big["budget_days"]
    eac_label = figure("projects", "eac_days").short(lang)
    budget_label = figure("projects", "budget_days").short(lang)
    right.barh(y, eac, height=0.6,
               color=[f"#{t.fill}" if (t := RAG.tone(s)) else f"#{NEUTRAL.fill}"
                      for s in big["computed_status"]])
    right.scatter(budget, y, marker="|", s=260, linewidths=2.5, color=f"#{INK}", zorder=3)
    for i, e, b in zip(y, eac, budget, strict=True):
        if b and not pd.isna(b) and e:
            right.annotate(text.percent(e / b - 1, lang, signed=True), (max(e, b), i),
                           xytext=(6, 0), textcoords="offset points", va="center",
                           fontsize=8, color=f"#{INK}")
    right.set_yticks(y, big["project"].astype(str).tolist(), fontsize=9)
    right.xaxis.set_major_formatter(FuncFormatter(lambda v, _: text.whole(v, lang)))
    right.tick_params(axis="x", labelsize=8)
    right.margins(x=0.12)
    right.set_title(_t("eac", lang).format(n=len(big)), fontsize=11)
    for side in ("top", "right"):
        right.spines[side].set_visible(False)
    # The bars are in their status colours: the legend's shows the bar, in grey.
    right.legend(handles=[Patch(color=f"#{NEUTRAL.fill}", label=eac_label),
                          Line2D([], [], marker="|", markersize=12, markeredgewidth=2.5,
                                 linestyle="", color=f"#{INK}", label=budget_label)],
                 loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, fontsize=8,
                 frameon=False)
    out = io.BytesIO()
    fig.savefig(out, format="png", facecolor="white")
    return out.getvalue()


def _plain_table(head: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
            for r in [head, *rows]]


_CELL = "padding:3px 8px;border:1px solid #D9D9D9;text-align:left"


def _html_table(head: list[str], rows: list[list[str]], records: list[dict[str, Any]],
                keys: tuple[str, ...]) -> str:
    # Codes and status words read whole: the nowrap attribute as well as the style, for
    # the mail programs that render HTML with a word processor's engine.
    # A width too, as wide as the longest text of the column at 13 px (LibreOffice and
    # some web mail ignore nowrap).
    whole = [f' nowrap width="{8 * max(len(t) for t in [h, *(r[i] for r in rows)]) + 20}"'
             if key in _WHOLE else "" for i, (key, h) in enumerate(zip(keys, head, strict=True))]
    out = ['<table style="border-collapse:collapse;font-size:13px">', "<tr>"]
    out += [f'<th{w} style="{_CELL};background:#F2F2F2">{html.escape(h)}</th>'
            for h, w in zip(head, whole, strict=True)]
    out.append("</tr>")
    for row, rec in zip(rows, records, strict=True):
        out.append("<tr>")
        for key, cell, w in zip(keys, row, whole, strict=True):
            tone = RAG.tone(rec.get(key)) if key in _TONED else None
            style = _CELL if tone is None else \
                f"{_CELL};background:#{tone.tint};color:#{tone.on_tint}"
            if w:
                style += ";white-space:nowrap"
            out.append(f'<td{w} style="{style}">{html.escape(cell)}</td>')
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def flash_bodies(portfolio: Portfolio, lang: str, changes: pd.DataFrame | None = None,
                 deck: Path | None = None) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of the flash; the HTML shows the chart as
    ``cid:`` ``CHART_ID``."""
    date = text.date(portfolio.reporting_date) if portfolio.reporting_date else text.DASH
    subject = _t("subject", lang).format(name=portfolio.name(lang), date=date)
    sentences = messages_text(portfolio_messages(portfolio, changes), lang,
                              portfolio.settings.currency)
    v = view("flash_status")
    records = _status_rows(portfolio)
    head, rows = [f.heading(lang) for f in v.figures], texts(v, records, lang)
    attached = _t("deck", lang).format(file=deck.name) if deck is not None else ""

    plain = [subject, "", _t("messages", lang)]
    plain += [f"  - {s}" for s in sentences]
    plain += ["", _t("status", lang), *_plain_table(head, rows), ""]
    if attached:
        plain += [attached, ""]
    plain += [_t("pmo", lang), ""]

    e = html.escape
    rich = [f"<h2>{e(subject)}</h2>", f"<h3>{e(_t('messages', lang))}</h3>", "<ul>",
            *(f"<li>{e(s)}</li>" for s in sentences), "</ul>",
            f"<h3>{e(_t('status', lang))}</h3>", _html_table(head, rows, records, v.columns),
            f'<p><img src="cid:{CHART_ID}" alt="{e(_t("alt", lang))}" width="720" '
            'style="max-width:100%;height:auto"></p>']
    if attached:
        rich.append(f"<p>{e(attached)}</p>")
    rich.append(f"<p>{e(_t('pmo', lang))}</p>")
    body = "\n".join(rich)
    page = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"></head>'
            f'<body style="font-family:Segoe UI,Arial,sans-serif;font-size:14px;color:#222">'
            f"\n{body}\n</body></html>\n")
    return subject, "\n".join(plain), page


def write_flash(portfolio: Portfolio, path: str | Path, *, changes: pd.DataFrame | None = None,
                deck: str | Path | None = None, lang: str | None = None) -> Path:
    """Write the flash draft to ``path`` (atomically) and return it: to the settings'
    ``flash_to`` (none: a draft without recipients), ``changes`` (week over week, from
    the history) in the key messages, ``deck`` attached when given."""
    lang = lang or portfolio.language
    deck = Path(deck) if deck is not None else None
    subject, plain, rich = flash_bodies(portfolio, lang, changes, deck)
    msg = draft_email(subject, plain, rich, ", ".join(portfolio.settings.flash_to))
    rich_part = msg.get_payload()[1]
    rich_part.add_related(flash_chart(portfolio, lang), "image", "png", cid=f"<{CHART_ID}>",
                          disposition="inline", filename="flash.png")
    if deck is not None:
        msg.add_attachment(deck.read_bytes(), maintype="application", subtype=PPTX,
                           filename=deck.name)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp:
        tmp.write_bytes(msg.as_bytes())
    return path
