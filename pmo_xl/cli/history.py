"""The history commands: what past weeks said, and the weeks it missed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from pmo_xl.cli.common import (
    _SPOKEN,
    EXIT_OK,
    Config,
    Lang,
    _console,
    _day,
    _guard,
    app,
    log,
)
from pmo_xl.exceptions import InputError
from pmo_xl.figures import figure, texts, view
from pmo_xl.schema import text
from pmo_xl.settings import SETTINGS_FILE, Settings, check_language, load_settings

_UNRECORDED = (
    "the week of {when} was NOT recorded in the history: {why}. The master and the tables "
    "are written; the week is kept in {kept} and is recorded by the next run, or now by "
    "`pmo-xl history record -o {out}` once the history is back.",
    "la semaine du {when} n'est PAS enregistrée dans l'historique : {why}. Le classeur "
    "maître et les tables sont écrits ; la semaine est gardée dans {kept} et sera "
    "enregistrée par la prochaine exécution, ou dès maintenant par `pmo-xl history record "
    "-o {out}` quand l'historique sera revenu.")
_LATE = ("recorded in the history the week(s) it had missed: {weeks}",
         "semaine(s) manquées enregistrées dans l'historique : {weeks}")

if TYPE_CHECKING:
    from pmo_xl.history.record import Recording


def say_recording(console: Console, recording: Recording, out_dir: Path, lang: str) -> None:
    """What the history did beyond the usual: weeks caught up, this week kept aside."""
    if recording.late:
        said = text.pick(_LATE, lang).format(weeks=", ".join(map(text.date, recording.late)))
        log.info("%s", said)
        console.print(said, markup=False, soft_wrap=True)
    if recording.failure is not None:
        said = text.pick(_UNRECORDED, lang).format(
            when=text.date(recording.week),
            why=recording.failure.message(lang), kept=recording.kept, out=out_dir)
        log.warning("%s", said)
        _console().print(Text.assemble(("pmo-xl: ", "bold yellow"), said), soft_wrap=True)



history_app = typer.Typer(help="Snapshots of past consolidations.", no_args_is_help=True)
app.add_typer(history_app, name="history")
Store = Annotated[Path, typer.Option("--output", "-o", help="The consolidation's output "
                                     "folder: the history its settings record into.")]
StoreUrl = Annotated[str | None, typer.Option(
    "--url", help="An SQLAlchemy URL instead of the settings' history_url (prefer the "
    "settings or $PMO_XL_HISTORY_URL: a command line is seen by others).")]
PortfolioKey = Annotated[str | None, typer.Option(
    "--portfolio", help="Another portfolio of a shared history (see `history portfolios`).")]


def history_settings(output: Path, config: Path | None, lang: str | None) -> Settings:
    """The settings a history command reads, as ``consolidate`` did: ``--config``, else
    those the output folder was made with (``data/run.json``), else ``pmo_xl.toml`` in
    the output folder; the portfolio the folder's weeks were recorded under."""
    from pmo_xl.exports import read_run, recorded_settings

    check_language(lang)
    run = read_run(output / "data")
    if config:
        settings = load_settings(config)
    elif run:
        settings = recorded_settings(output / "data")
        if run.get("portfolio") and run["portfolio"] != settings.portfolio_key:
            settings = settings.replace(portfolio_id=run["portfolio"])
    elif (output / SETTINGS_FILE).is_file():
        settings = load_settings(output / SETTINGS_FILE)
    else:
        settings = Settings()
    return settings.with_language(lang)


def _with_store(output: Path, url: str | None, config: Path | None, lang: str | None,
                action: Callable[[Any, Settings], int], *, portfolio: str | None = None,
                create: bool = False) -> None:
    """Run ``action(store, settings)`` on the history of a consolidation's output folder
    (see ``history_settings``): ``--url``, else the settings' history_url, else
    $PMO_XL_HISTORY_URL, else the SQLite file beside its master."""
    from pmo_xl.history import NoHistoryYet, SnapshotStore

    def body() -> int:
        settings = history_settings(output, config, lang)
        _SPOKEN.set(settings.language)
        try:
            store = SnapshotStore.of(settings, output, create=create, url=url,
                                     portfolio=portfolio)
        except NoHistoryYet as exc:
            raise InputError(f"{exc}: run `pmo-xl consolidate -o {output}` first",
                             fr=f"{exc.message('fr')} : lancez d'abord `pmo-xl consolidate -o "
                                f"{output}`") from exc
        return action(store, settings)

    _guard(body, lang)


@history_app.command("list")
def history_list(output: Store = Path("."), url: StoreUrl = None, config: Config = None,
                 portfolio: PortfolioKey = None, lang: Lang = None) -> None:
    """The reporting dates recorded for the portfolio."""

    def action(store, settings: Settings) -> int:
        for when in store.dates():
            typer.echo(when.isoformat())
        return EXIT_OK

    _with_store(output, url, config, lang, action, portfolio=portfolio)


@history_app.command("portfolios")
def history_portfolios(output: Store = Path("."), url: StoreUrl = None,
                       config: Config = None, lang: Lang = None) -> None:
    """Every portfolio of the history database: snapshots, first and last weeks."""

    def action(store, settings: Settings) -> int:
        for row in store.portfolios().itertuples(index=False):
            typer.echo(f"{row.portfolio}\t{row.snapshots}\t{row.first.isoformat()}\t"
                       f"{row.last.isoformat()}")
        return EXIT_OK

    _with_store(output, url, config, lang, action)


_NOTHING_WAITING = ("no week is waiting in {folder}: the history has them all",
                    "aucune semaine en attente dans {folder} : l'historique les a toutes")


@history_app.command("record")
def history_record(output: Store = Path("."), config: Config = None,
                   lang: Lang = None) -> None:
    """Record the weeks the history missed (the database was down): they wait in
    OUTPUT/unrecorded_weeks."""
    from pmo_xl.history.pending import PENDING_DIR, record_waiting
    from pmo_xl.history.record import Recording

    def action(store, settings: Settings) -> int:
        late = record_waiting(store, output)
        if late:
            say_recording(_console(), Recording(late=late), output, settings.language)
        else:
            _console().print(text.pick(_NOTHING_WAITING, settings.language).format(
                folder=output / PENDING_DIR), markup=False, soft_wrap=True)
        return EXIT_OK

    _with_store(output, None, config, lang, action, create=True)


@history_app.command("show")
def history_show(
    date: Annotated[str, typer.Argument(help="A reporting date (dd/mm/yyyy or yyyy-mm-dd).",
                                        callback=_day)],
    output: Store = Path("."), url: StoreUrl = None, config: Config = None,
    portfolio: PortfolioKey = None, lang: Lang = None,
) -> None:
    """The projects of one snapshot, and what moved since the one before."""
    from pmo_xl.history.record import changes_since_previous

    def action(store, settings: Settings) -> int:
        current = store.load(date)
        when = date
        moves = changes_since_previous(store, when, current)
        rows = current.projects
        if moves is not None:
            rows = rows.merge(moves[["project", "drift_days", "computed_trend"]], on="project",
                              how="left")
        v = view("history_show")
        table = Table(*v.labels(settings.language), expand=False)
        for cells in texts(v, rows.to_dict("records"), settings.language):
            table.add_row(*map(Text, cells))
        Console().print(table)
        return EXIT_OK

    _with_store(output, url, config, lang, action, portfolio=portfolio)


_REMOVED = ("removed {n} snapshot(s) of {portfolio!r}: {weeks}",
            "{n} instantané(s) de {portfolio!r} supprimé(s) : {weeks}")


@history_app.command("delete")
def history_delete(
    date: Annotated[str, typer.Argument(help="The snapshot's reporting date (dd/mm/yyyy or "
                                        "yyyy-mm-dd).", callback=_day)],
    output: Store = Path("."), url: StoreUrl = None, config: Config = None, lang: Lang = None,
) -> None:
    """Forget one snapshot of the portfolio (a week recorded by mistake), with its
    figures."""

    def action(store, settings: Settings) -> int:
        store.delete(date)
        _console().print(text.pick(_REMOVED, settings.language).format(
            n=1, weeks=text.date(date), portfolio=store.portfolio), markup=False)
        return EXIT_OK

    _with_store(output, url, config, lang, action)


@history_app.command("prune")
def history_prune(
    keep: Annotated[int, typer.Option(min=1, help="How many latest snapshots to keep (1 or "
                                      "more; `history delete` removes one).")],
    output: Store = Path("."), url: StoreUrl = None, config: Config = None, lang: Lang = None,
) -> None:
    """Forget the portfolio's old snapshots (never another portfolio's)."""

    def action(store, settings: Settings) -> int:
        removed = store.prune(keep)
        _console().print(text.pick(_REMOVED, settings.language).format(
            n=len(removed), weeks=", ".join(map(text.date, removed)) or "—",
            portfolio=store.portfolio), markup=False, soft_wrap=True)
        return EXIT_OK

    _with_store(output, url, config, lang, action)


@app.command()
def trend(
    code: Annotated[str, typer.Argument(help="Project code.")],
    kpi: Annotated[str, typer.Option(help="A project figure, e.g. eac_days.")] = "eac_days",
    output: Store = Path("."), url: StoreUrl = None, config: Config = None,
    portfolio: PortfolioKey = None, lang: Lang = None,
) -> None:
    """One figure of one project across the recorded reporting dates."""

    def action(store, settings: Settings) -> int:
        rows = store.figures(code, kpi)
        if rows.empty:
            raise InputError(f"no figure {kpi!r} for project {code!r} in the history of "
                             f"{store.portfolio!r}",
                             fr=f"aucun chiffre {kpi!r} pour le projet {code!r} dans "
                                f"l'historique de {store.portfolio!r}")
        fig = figure("projects", kpi)
        for r in rows.itertuples(index=False):
            value = r.text if r.text is not None else fig.text(r.number, settings.language)
            typer.echo(f"{r.reporting_date}\t{value}")
        return EXIT_OK

    _with_store(output, url, config, lang, action, portfolio=portfolio)

