"""``pmo-xl import``: schedules (MS Project, Primavera…) brought over as trackers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pmo_xl.cli.common import EXIT_INPUT, EXIT_OK, _console, _guard, app
from pmo_xl.exceptions import (
    OutputError,
    ScheduleUnreadable,
    UsageError,
)
from pmo_xl.schema import text
from pmo_xl.schema.rules import reason_text
from pmo_xl.settings import check_language

_SAY = {
    "wrote": ("wrote {path} ({milestones} milestones, {rows} workload rows, {days} planned)",
              "écrit {path} ({milestones} jalons, {rows} lignes de charge, {days} prévus)"),
    "skipped": ("{file}: schedule cannot be read ({reason}); skipped",
                "{file} : planning illisible ({reason}) ; ignoré"),
    "updated": ("updated {path}", "mis à jour {path}"),
    "moved": ("  milestone moved: {name} {old} → {new}", "  jalon déplacé : {name} {old} → {new}"),
    "added": ("  milestone added: {name}", "  jalon ajouté : {name}"),
    "done": ("  milestone done: {name}", "  jalon atteint : {name}"),
    "dropped": ("  milestone no longer in the plan (kept): {name}",
                "  jalon absent du planning (conservé) : {name}"),
    "card": ("  {label}: {old} → {new}", "  {label} : {old} → {new}"),
    "days": ("  {label}: {old} → {new} ({delta})", "  {label} : {old} → {new} ({delta})"),
    "same": ("  nothing changed", "  rien n'a changé"),
}
_MEASURES = {"planned": ("planned days", "jours prévus"),
             "actual": ("actual days", "jours consommés"),
             "remaining": ("remaining days", "reste à faire (jours)")}


def _say(key: str, lang: str, **values: object) -> str:
    return text.pick(_SAY[key], lang).format(**values)


@app.command("import")
def import_schedules(
    schedules: Annotated[list[Path], typer.Argument(
        help="Schedules: .mpp, .mpx, .xml (MSPDI), .xer, .pmxml… (anything MPXJ reads).")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Folder for the trackers.")] = None,
    code: Annotated[str | None, typer.Option(
        help="Project code (one schedule); default: the schedule's, else its file name.")
    ] = None,
    lang: Annotated[str, typer.Option(help="Tracker language: en or fr.")] = "en",
    update: Annotated[Path | None, typer.Option(
        help="Refresh this tracker's milestones, workload and card dates from the schedule, "
             "in place.")] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing tracker.")] = False,
) -> None:
    """Bring plans over: one tracker per schedule (needs pmo-xl[schedules] and Java 11+)."""
    def body() -> int:
        check_language(lang)
        if code and len(schedules) > 1:
            raise UsageError("--code takes one schedule", fr="--code ne vaut que pour un planning")
        if update is not None:
            if len(schedules) != 1 or output is not None:
                raise UsageError("--update takes one schedule and no --output",
                                 fr="--update prend un seul planning et pas de --output")
            return _update(schedules[0], update, code, lang)
        if output is None:
            raise UsageError("give --output FOLDER (or --update TRACKER)",
                             fr="donnez --output DOSSIER (ou --update SUIVI)")
        return _import(schedules, output, code, lang, force)

    _guard(body, lang)


def _import(schedules: list[Path], output: Path, code: str | None, lang: str, force: bool
            ) -> int:
    from pmo_xl.provision import import_schedule

    console, failed = _console(), 0
    for schedule in schedules:
        try:
            path, plan = import_schedule(schedule, output, code=code, lang=lang, force=force)
        except ScheduleUnreadable as exc:
            failed += 1
            console.print(_say("skipped", lang, file=schedule, reason=_reason(exc, lang)),
                          markup=False, highlight=False)
            continue
        except OutputError as exc:  # this tracker exists: the other schedules go on
            failed += 1
            console.print(exc.message(lang), markup=False, highlight=False)
            continue
        console.print(_say("wrote", lang, path=path, milestones=len(plan.milestones),
                           rows=len(plan.workload),
                           days=text.pick(("{} d", "{} j"), lang).format(
                               text.number(plan.totals["planned"], lang))),
                      markup=False, highlight=False)
    return EXIT_INPUT if failed else EXIT_OK


def _reason(exc: ScheduleUnreadable, lang: str) -> str:
    return reason_text({"key": exc.reason, **({"detail": exc.detail} if exc.detail else {})},
                       lang)


def _update(schedule: Path, tracker: Path, code: str | None, lang: str) -> int:
    from pmo_xl.schedules import read_schedule
    from pmo_xl.schedules.update import update_tracker
    from pmo_xl.schema.contract import PROJECT

    if not tracker.is_file():
        raise UsageError(f"no such tracker: {tracker}", fr=f"suivi introuvable : {tracker}")
    try:
        plan = read_schedule(schedule, code)
    except ScheduleUnreadable as exc:
        _console().print(_say("skipped", lang, file=schedule, reason=_reason(exc, lang)),
                         markup=False, highlight=False)
        return EXIT_INPUT
    changes = update_tracker(tracker, plan)
    lines = [_say("updated", lang, path=tracker)]
    lines += [_say("moved", lang, name=n, old=text.date(o) if o else "—", new=text.date(w))
              for n, o, w in changes.moved]
    lines += [_say(k, lang, name=n) for k in ("added", "done", "dropped")
              for n in getattr(changes, k)]
    lines += [_say("card", lang, label=PROJECT.field(k).label(lang),
                   old=text.date(o) if o else "—", new=text.date(n) if n else "—")
              for k, (o, n) in changes.card.items()]
    lines += [_say("days", lang, label=text.pick(_MEASURES[k], lang),
                   old=text.number(o, lang), new=text.number(n, lang),
                   delta=text.number(round(n - o, 2), lang, signed=True))
              for k, (o, n) in changes.days.items() if round(n - o, 2)]
    if len(lines) == 1:
        lines.append(_say("same", lang))
    for line in lines:
        print(line)
    return EXIT_OK
