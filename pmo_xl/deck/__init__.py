"""The COPIL deck: the only package that imports python-pptx."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import pandas as pd

from pmo_xl.atomic import atomic_path
from pmo_xl.deck.default_template import build_default_template
from pmo_xl.deck.inspect import inspect_template
from pmo_xl.deck.layouts import choose_layouts
from pmo_xl.deck.resources import resource_slide
from pmo_xl.deck.slides import (
    Deck,
    changes_slides,
    chart_slide,
    decision_and_action_slides,
    messages_slides,
    others_slides,
    priority_slide,
    project_slide,
    quality_slide,
    risk_slide,
    roadmap_slides,
    summary_slides,
    title_slide,
)
from pmo_xl.deck.template import TemplateError, open_template
from pmo_xl.figures.messages import messages_text
from pmo_xl.kpis.messages import exceptions as exception_codes
from pmo_xl.kpis.messages import portfolio_messages
from pmo_xl.model import Portfolio
from pmo_xl.settings import Settings


def check_template(template: str | Path | None, lang: str,
                   settings: Settings | None = None) -> None:
    """Raise ``TemplateError`` now (before any output is written) if the template cannot
    give the deck its layouts."""
    choose_layouts(open_template(template, lang), _overrides(settings))


def _by_exception(settings: Settings, count: int, asked: bool | None) -> bool:
    """Management by exception: as asked, else the settings', else above a size."""
    if asked is not None:
        return asked
    if settings.deck.exceptions is not None:
        return settings.deck.exceptions
    return count > settings.deck.exceptions_above


def _only(portfolio: Portfolio, codes: set[str], missing: pd.DataFrame) -> Portfolio:
    """The portfolio cut to the projects of a partial deck (its key messages speak of
    them only)."""
    keep = {name: getattr(portfolio, name) for name in ("projects", "milestones", "decisions")}
    cut = {name: t[t["project"].isin(codes)] for name, t in keep.items()}
    return replace(portfolio, **cut, missing=missing)


def _overrides(settings: Settings | None) -> dict[str, str]:
    return (settings or Settings()).deck.layouts.model_dump()


# What the deck reads of the workload (its charts and the resource conflicts); the rest
# (tasks, files, cells, costs by row) is the master's. Held here so a deck built in
# another process is sent a third of the detail, and any other column read fails tests.
WORKLOAD_COLUMNS = ("project", "resource", "role", "month", "planned", "actual", "remaining")


def for_deck(portfolio: Portfolio) -> Portfolio:
    """The portfolio as the deck reads it: the workload's columns it uses, no more."""
    wl = portfolio.workload
    return replace(portfolio, workload=wl[[c for c in WORKLOAD_COLUMNS if c in wl.columns]])


def write_deck(portfolio: Portfolio, path: str | Path, template: str | Path | None = None,
               lang: str | None = None, projects: Iterable[str] | None = None,
               mta: pd.DataFrame | None = None, changes: pd.DataFrame | None = None,
               exceptions: bool | None = None) -> Path:
    """Write the steering-committee deck on ``template`` (the company's, or pmo-xl's).

    ``projects`` limits the deck to some project codes (all by default); ``mta`` (from
    the history) puts a milestone trend chart on the project slides; ``changes`` (week
    over week) adds the "since the last report" slide and the changes in the key
    messages; ``exceptions`` keeps a project slide only for the projects that need the
    committee (None: the settings', by default above 25 projects).
    """
    portfolio = for_deck(portfolio)
    lang = lang or portfolio.language
    prs = open_template(template, lang)
    deck = Deck(prs, choose_layouts(prs, _overrides(portfolio.settings)), portfolio, lang)
    deck.mta = mta
    chosen = portfolio.projects.sort_values("project", kind="stable")
    if projects is not None:
        wanted = set(projects)
        chosen = chosen[chosen["project"].isin(wanted)]
    codes = set(chosen["project"])
    missing = portfolio.missing
    if projects is not None:
        missing = missing[missing["project"].isin(wanted)]
    deck.missing_count = len(missing)
    title_slide(deck)
    shown = portfolio if projects is None else _only(portfolio, codes, missing)
    messages_slides(deck, messages_text(portfolio_messages(shown, changes), lang,
                                        portfolio.settings.currency))
    summary_slides(deck, chosen, missing)
    if changes is not None and len(changes):
        changes_slides(deck, changes, codes)
    chart_slide(deck, chosen)
    resource_slide(deck)
    priority_slide(deck, chosen)
    roadmap_slides(deck, chosen)
    risk_slide(deck)
    decision_and_action_slides(deck, codes)
    by_exception = _by_exception(portfolio.settings, len(chosen), exceptions)
    picked = exception_codes(chosen, changes) if by_exception else codes
    deck.drawn = set(picked)
    for _, p in chosen.iterrows():
        if p["project"] in picked:
            project_slide(deck, p)
            deck.settle()
    if by_exception:
        others_slides(deck, chosen[~chosen["project"].isin(picked)])
    quality_slide(deck, codes)
    deck.settle()
    path = Path(path)
    with atomic_path(path) as tmp:
        prs.save(str(tmp))
    return path


def preview(portfolio: Portfolio, template: str | Path | None, out_dir: str | Path,
            lang: str | None = None) -> list[Path]:
    """PNG pictures of the title, status and first project slides of a deck on
    ``template`` (LibreOffice and poppler needed: OutputError without them)."""
    import tempfile

    from pptx import Presentation

    from pmo_xl.deck.render import pages_png, to_pdf

    out_dir = Path(out_dir)
    first = sorted(portfolio.projects["project"])[:1]
    with tempfile.TemporaryDirectory() as tmp:
        deck = write_deck(portfolio, Path(tmp) / "preview.pptx", template=template, lang=lang,
                          projects=first)
        titles = [s.shapes.title.text if s.shapes.title is not None else ""
                  for s in Presentation(str(deck)).slides]
        project = next((i for i, t in enumerate(titles, start=1)
                        if first and t.startswith(f"{first[0]} — ")), len(titles))
        pdf = to_pdf(deck, Path(tmp))
        out_dir.mkdir(parents=True, exist_ok=True)
        return pages_png(pdf, {"preview_title": 1, "preview_status": 2,
                               "preview_project": project}, out_dir)


__all__ = ["TemplateError", "build_default_template", "check_template", "inspect_template",
           "preview", "write_deck"]
