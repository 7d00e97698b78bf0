"""The ``pmo-xl`` command line: for PMOs at a terminal and for scheduled runs.

Exit codes (stable, for cron and Windows Task Scheduler):
  0  done (findings may exist; see --strict)
  1  done, but error findings exist and --strict was given
  2  wrong command-line usage
  3  input problem: a path does not exist, or no tracker was found
  4  output problem: the output folder or file cannot be written
  5  another run holds the output folder's lock for longer than --lock-timeout
  6  invalid settings file
  70 unexpected internal error (see the run's log file)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from pmo_xl._version import __version__
from pmo_xl.atomic import sweep
from pmo_xl.consolidate import CACHE_DIR
from pmo_xl.consolidate import consolidate as run_consolidation
from pmo_xl.exceptions import (
    InputError,
    LockTimeout,
    OutputError,
    PmoXlError,
    SettingsError,
    UsageError,
)
from pmo_xl.figures import figure, shown, texts, view
from pmo_xl.model import Portfolio
from pmo_xl.runlock import run_lock
from pmo_xl.schema import text
from pmo_xl.schema.rules import Severity
from pmo_xl.settings import Settings, check_language, find_settings, load_settings

EXIT_OK, EXIT_STRICT, EXIT_USAGE, EXIT_INPUT, EXIT_OUTPUT, EXIT_LOCKED, EXIT_SETTINGS = range(7)
EXIT_INTERNAL = 70
_EXIT_BY_ERROR: list[tuple[type[PmoXlError], int]] = [
    (UsageError, EXIT_USAGE),
    (LockTimeout, EXIT_LOCKED),
    (OutputError, EXIT_OUTPUT),
    (InputError, EXIT_INPUT),
    (SettingsError, EXIT_SETTINGS),
]
# History errors (a newer schema…) are input problems: exit 3 (see pmo_xl.history).

app = typer.Typer(
    name="pmo-xl",
    help="Consolidate project trackers into a master workbook, a COPIL deck and tidy tables.",
    no_args_is_help=True,
    add_completion=False,
)
log = logging.getLogger("pmo_xl")
_SPOKEN: ContextVar[str | None] = ContextVar("pmo_xl_spoken", default=None)
log.addHandler(logging.NullHandler())
log.propagate = False  # the console says it once; the run's log file keeps it

Lang = Annotated[str | None, typer.Option("--lang", help="Language of messages: en or fr.")]
Config = Annotated[Path | None, typer.Option("--config", help="Settings file (pmo_xl.toml).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar nor summary.")]


def _console(quiet: bool = False) -> Console:
    return Console(stderr=True, quiet=quiet)


def _day(value: str | None) -> dt.date | None:
    """A date given on the command line, in either form pmo-xl prints (dd/mm/yyyy, ISO)."""
    if value is None:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    raise typer.BadParameter(f"{value!r} is not a date (dd/mm/yyyy or yyyy-mm-dd)")


AsOf = Annotated[str | None, typer.Option(
    "--as-of", callback=_day, help="The portfolio's reporting date (dd/mm/yyyy or yyyy-mm-dd); "
    "default: the settings', else the date most trackers give.")]


def _settings(paths: list[Path], config: Path | None, lang: str | None,
              as_of: dt.date | None = None) -> Settings:
    check_language(lang)
    base = load_settings(config) if config else find_settings(paths)
    base = base.with_language(lang)
    _SPOKEN.set(base.language)  # errors from here on are told in the settings' language
    return base.replace(reporting_date=as_of) if as_of else base


def _guard(body: Callable[[], int], lang: str | None = None) -> None:
    """Run a command body and turn our errors into documented exit codes; the error is
    told in ``lang`` (the command's --lang) when it can be."""
    _SPOKEN.set(None)  # each command learns its language anew
    try:
        code = body()
    except PmoXlError as exc:
        code = next((c for t, c in _EXIT_BY_ERROR if isinstance(exc, t)), EXIT_INTERNAL)
        message = exc.message(lang or _SPOKEN.get())
        _console().print(Text.assemble(("pmo-xl: ", "bold red"), message),  # no markup
                         soft_wrap=True)
        log.error("%s", message)
    except KeyboardInterrupt:
        _console().print("[bold red]pmo-xl:[/] interrupted")
        code = 130
    except Exception:
        log.exception("internal error")
        _console().print_exception()
        code = EXIT_INTERNAL
    raise typer.Exit(code)


def _progress(console: Console, quiet: bool) -> Progress | None:
    if quiet:
        return None
    return Progress(
        TextColumn("[bold]Reading trackers"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), TextColumn("{task.description}"), console=console, transient=True,
    )


def _consolidate_with_progress(paths: list[Path], settings: Settings, quiet: bool,
                               cache: Path | None = None, out_dir: Path | None = None
                               ) -> Portfolio:
    """Consolidate; with an output folder, its history says which projects are expected
    (when no register does) and the read cache there serves unchanged trackers."""
    from pmo_xl.history.record import previous_projects

    previous = previous_projects(settings, out_dir) if out_dir is not None else None
    console = _console(quiet)
    bar = _progress(console, quiet)
    if bar is None:
        return run_consolidation(paths, settings, cache=cache, previous=previous)
    with bar:
        task = bar.add_task("", total=None)

        def tick(done: int, total: int, path: str) -> None:
            bar.update(task, completed=done, total=total, description=Path(path).name)

        return run_consolidation(paths, settings, progress=tick, cache=cache,
                                 previous=previous)


_SEVERITY_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def findings_table(portfolio: Portfolio, limit: int | None = None) -> Table:
    """Every finding, in the portfolio's language, tracker text never read as markup."""
    lang = portfolio.language
    keys = ("file", "cell", "rule", "severity", "message", "value")
    table = Table(*(figure("findings", k).label(lang) for k in keys), show_lines=False,
                  expand=True)
    found = portfolio.findings.sort_values(["file", "sheet", "severity"], kind="stable")
    found = found.head(limit) if limit else found
    rows = shown(found, "findings", lang, keys)
    for f, sev, sheet in zip(rows.itertuples(index=False), found["severity"], found["sheet"],
                             strict=True):
        location = f"{sheet}!{f.cell}" if sheet and f.cell else sheet
        table.add_row(Text(f.file), Text(location), f.rule,
                      Text(f.severity, style=_SEVERITY_STYLE.get(sev, "")), Text(f.message),
                      Text(str(f.value)[:40]))
    return table


_SUMMARY = ("{files} file(s) read, {used} project(s) consolidated, {left} left out; "
            "{errors} error(s), {warnings} warning(s).",
            "{files} fichier(s) lu(s), {used} projet(s) consolidé(s), {left} écarté(s) ; "
            "{errors} erreur(s), {warnings} avertissement(s).")


def _summary(console: Console, p: Portfolio) -> None:
    used = int(p.sources["used"].sum())
    counts = p.findings["severity"].value_counts()
    console.print(text.pick(_SUMMARY, p.language).format(
        files=len(p.sources), used=used, left=len(p.sources) - used,
        errors=int(counts.get(Severity.ERROR, 0)), warnings=int(counts.get(Severity.WARNING, 0))),
        markup=False, soft_wrap=True)


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Tracker files and/or folders.")],
    strict: Annotated[bool, typer.Option(help="Exit 1 when any error finding exists.")] = False,
    lang: Lang = None,
    as_of: AsOf = None,
    config: Config = None,
    quiet: Quiet = False,
) -> None:
    """Check trackers against the contract and print every finding."""

    def body() -> int:
        settings = _settings(paths, config, lang, as_of)
        portfolio = _consolidate_with_progress(paths, settings, quiet)
        if portfolio.sources.empty:  # as consolidate says: nothing to check is an input error
            raise _no_tracker(paths)
        out = Console(width=max(Console().width, 160))
        if len(portfolio.findings):
            out.print(findings_table(portfolio))
        _summary(_console(quiet), portfolio)
        has_errors = bool((portfolio.findings["severity"] == Severity.ERROR).any())
        return EXIT_STRICT if strict and has_errors else EXIT_OK

    _guard(body, lang)


def _setup_log(out_dir: Path, quiet: bool) -> Path:
    logs = out_dir / "logs"
    path = logs / f"pmo-xl_{dt.datetime.now():%Y%m%d-%H%M%S}.log"
    try:
        logs.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write the run's log in {logs}: {exc.strerror or exc}",
                          fr=f"impossible d'écrire le journal dans {logs} : "
                             f"{exc.strerror or exc}") from exc
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


_STAGES = {
    "tables": ("Writing the tables (Parquet, CSV)", "Écriture des tables (Parquet, CSV)"),
    "history": ("Recording the week in the history", "Enregistrement de la semaine"),
    "master": ("Writing the master workbook", "Écriture du classeur maître"),
    "deck": ("Writing the COPIL deck", "Écriture du support COPIL"),
}


@contextlib.contextmanager
def _stage(console: Console, key: str, lang: str) -> Iterator[None]:
    """A spinner naming the long stage under way, on a terminal only (never in a log,
    a pipe or with --quiet)."""
    if console.quiet or not console.is_terminal:
        yield
        return
    with console.status(text.pick(_STAGES[key], lang) + "…"):
        yield


def _no_tracker(paths: list[Path]) -> InputError:
    where = ", ".join(map(str, paths))
    return InputError(f"no tracker workbook found in {where}",
                      fr=f"aucun classeur de suivi trouvé dans {where}")


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {folder}: {exc.strerror or exc}",
                          fr=f"impossible de créer {folder} : {exc.strerror or exc}") from exc


def run_pipeline(
    paths: list[Path], out_dir: Path, settings: Settings, *, quiet: bool = False,
    lock_timeout: float = 300.0, deck: bool = False, template: Path | None = None,
    cache: bool = True,
) -> Portfolio:
    """Consolidate and write every output into ``out_dir``, holding its lock.

    Trackers unchanged since the last run into ``out_dir`` are taken from its read
    cache (``.pmo_xl_cache``) unless ``cache`` is False.
    """
    if deck:  # a template that cannot be used is said before any output is written
        from pmo_xl.deck import check_template

        check_template(template, settings.language)
    _make_folder(out_dir)
    log_path = _setup_log(out_dir, quiet)
    console = _console(quiet)
    started = time.perf_counter()
    with run_lock(out_dir, lock_timeout, on_wait=lambda: console.print(
            f"Waiting for another pmo-xl run on {out_dir} (up to {lock_timeout:.0f} s)…")):
        for stale in sweep(out_dir):
            log.info("removed %s, left by a run that was stopped", stale)
        log.info("pmo-xl %s: consolidating %s into %s", __version__,
                 ", ".join(map(str, paths)), out_dir)
        portfolio = _consolidate_with_progress(paths, settings, quiet,
                                               out_dir / CACHE_DIR if cache else None, out_dir)
        if portfolio.sources.empty:
            raise _no_tracker(paths)
        from pmo_xl.exports import write_tables
        from pmo_xl.history.record import record
        from pmo_xl.xlsx import master_filename, write_master

        lang = settings.language
        with _stage(console, "tables", lang):
            written = write_tables(portfolio, out_dir / "data")
        with _stage(console, "history", lang):
            views = record(portfolio, out_dir)
        log.info("recorded snapshot %s", portfolio.reporting_date)
        with _stage(console, "master", lang):
            master = write_master(portfolio, out_dir / master_filename(portfolio),
                                  mta=views.mta, changes=views.changes)
        log.info("wrote master workbook %s", master)
        if deck:
            from pmo_xl.deck import write_deck

            with _stage(console, "deck", lang):
                deck_path = write_deck(portfolio, master.with_suffix(".pptx"),
                                       template=template, mta=views.mta, changes=views.changes)
            log.info("wrote COPIL deck %s", deck_path)
            console.print(f"COPIL deck: {deck_path}")
        for f in portfolio.findings.itertuples(index=False):
            log.info("finding %s %s %s!%s %s", f.severity, Path(f.file).name, f.sheet, f.cell,
                     f.message)
        log.info("wrote %d table files in %s", len(written), out_dir / "data")
    _summary(console, portfolio)
    log.info("done in %.1f s; log %s", time.perf_counter() - started, log_path)
    console.print(f"Master workbook: {master}")
    console.print(f"Outputs in {out_dir} (log: {log_path.name})")
    return portfolio


@app.command()
def consolidate(
    paths: Annotated[list[Path], typer.Argument(help="Tracker files and/or folders.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output folder.")],
    strict: Annotated[bool, typer.Option(help="Exit 1 when any error finding exists.")] = False,
    lock_timeout: Annotated[float, typer.Option(
        help="Seconds to wait for another run on the same output folder.")] = 300.0,
    deck: Annotated[bool, typer.Option("--deck", help="Also write the COPIL deck.")] = False,
    template: Annotated[Path | None, typer.Option(help="Company deck template.")] = None,
    cache: Annotated[bool, typer.Option(
        help="Reuse what was read of unchanged trackers (kept in OUTPUT/.pmo_xl_cache).")
    ] = True,
    lang: Lang = None,
    as_of: AsOf = None,
    config: Config = None,
    quiet: Quiet = False,
) -> None:
    """Consolidate trackers: master workbook, tables (Parquet, CSV), findings, deck."""

    def body() -> int:
        if template is not None and not deck:
            raise UsageError("--template is for the deck: add --deck",
                             fr="--template est pour le support : ajoutez --deck")
        settings = _settings(paths, config, lang, as_of)
        p = run_pipeline(paths, output, settings, quiet=quiet, lock_timeout=lock_timeout,
                         deck=deck, template=template, cache=cache)
        return EXIT_STRICT if strict and not p.errors.empty else EXIT_OK

    _guard(body, lang)


@app.command()
def chase(
    paths: Annotated[list[Path], typer.Argument(help="Tracker files and/or folders.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output folder (its "
                                         "history says who is expected without a register).")],
    due: Annotated[str | None, typer.Option(
        help="The date to send corrected trackers by (dd/mm/yyyy or yyyy-mm-dd).",
        callback=_day)] = None,
    lock_timeout: Annotated[float, typer.Option(
        help="Seconds to wait for another run on the same output folder.")] = 300.0,
    lang: Lang = None,
    as_of: AsOf = None,
    config: Config = None,
    quiet: Quiet = False,
) -> None:
    """One e-mail draft per project manager to chase (tracker missing, stale, to fix),
    and the chase list, in OUTPUT/chase."""
    from pmo_xl.chase import CHASE_DIR
    from pmo_xl.xlsx import chase_managers

    def body() -> int:
        settings = _settings(paths, config, lang, as_of)
        _make_folder(output)
        with run_lock(output, lock_timeout):
            portfolio = _consolidate_with_progress(paths, settings, quiet,
                                                   output / CACHE_DIR, output)
            made = chase_managers(portfolio, output / CHASE_DIR, settings.language, due)
        console = _console(quiet)
        console.print(text.pick(_CHASED, settings.language).format(
            n=len(made.drafts), folder=made.folder), markup=False, soft_wrap=True)
        for who in made.unaddressed:
            _console().print(text.pick(_UNADDRESSED, settings.language).format(who=who),
                             markup=False, soft_wrap=True)
        return EXIT_OK

    _guard(body, lang)


_CHASED = ("{n} e-mail draft(s) and the chase list in {folder}",
           "{n} brouillon(s) d'e-mail et la liste des relances dans {folder}")
_UNADDRESSED = ("warning: no e-mail address for {who}: the draft has no recipient",
                "attention : pas d'adresse e-mail pour {who} : le brouillon n'a pas de "
                "destinataire")


@app.command("new-tracker")
def new_tracker(
    output: Annotated[Path, typer.Option("--output", "-o", help="File, or folder with --from.")],
    code: Annotated[str | None, typer.Option(help="Project code, e.g. P-001.")] = None,
    name: Annotated[str | None, typer.Option(help="Project name.")] = None,
    manager: Annotated[str | None, typer.Option(help="Project manager.")] = None,
    from_list: Annotated[Path | None, typer.Option(
        "--from", help="A project list (xlsx or csv): one tracker per row.")] = None,
    lang: Annotated[str, typer.Option(help="Tracker language: en or fr.")] = "en",
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a tracker ready to fill (or one per row of a project list)."""
    from pmo_xl.provision import new_tracker as make_one
    from pmo_xl.provision import provision

    def body() -> int:
        check_language(lang)
        console = _console()
        if from_list is not None:
            written, skipped = provision(from_list, output, lang=lang, force=force)
            for path in written:
                console.print(f"wrote {path}")
            for reason in skipped:
                console.print(f"[yellow]skipped[/] {reason}")
            return EXIT_OK
        if not code or not name:
            raise UsageError("give --code and --name, or --from a project list",
                             fr="donnez --code et --name, ou --from une liste de projets")
        card = {"code": code, "name": name, "manager": manager}
        console.print(f"wrote {make_one(output, card, lang=lang, force=force)}")
        return EXIT_OK

    _guard(body, lang)


@app.command()
def demo(
    folder: Annotated[Path, typer.Argument(help="Where to create the demo.")] = Path("pmo-demo"),
    lang: Lang = None,
    quiet: Quiet = False,
) -> None:
    """Create a realistic demo portfolio and run the whole pipeline on it."""
    from pmo_xl.demo import make_demo

    def body() -> int:
        trackers = make_demo(folder / "trackers")
        console = _console(quiet)
        console.print(f"Demo trackers in {trackers}")
        settings = _settings([trackers], None, lang)
        portfolio = run_pipeline([trackers], folder / "output", settings, quiet=quiet,
                                 deck=True)
        from pmo_xl.chase import CHASE_DIR
        from pmo_xl.xlsx import chase_managers

        made = chase_managers(portfolio, folder / "output" / CHASE_DIR)
        console.print(text.pick(_CHASED, portfolio.language).format(
            n=len(made.drafts), folder=made.folder), markup=False, soft_wrap=True)
        return EXIT_OK

    _guard(body, lang)


@app.command("deck")
def deck_command(
    paths: Annotated[list[Path], typer.Argument(
        help="Tracker files/folders, or a master workbook written by `consolidate`.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The .pptx to write.")],
    template: Annotated[Path | None, typer.Option(help="Company deck template.")] = None,
    project: Annotated[list[str] | None, typer.Option(
        help="Only these project codes (repeat the option).")] = None,
    lang: Lang = None,
    as_of: AsOf = None,
    config: Config = None,
    quiet: Quiet = False,
) -> None:
    """Write the steering-committee (COPIL) deck: of the trackers given, or of the week a
    master workbook speaks for (its figures and history, as they were then)."""
    from pmo_xl.deck import check_template, write_deck

    def body() -> int:
        from pmo_xl.history.record import HistoryViews, load_week, views_of
        from pmo_xl.reader.simple import master_date

        _make_folder(output.parent)  # the deck's folder, before any work
        when = master_date(paths[0]) if len(paths) == 1 and paths[0].is_file() else None
        if when is not None:  # that master's week: its figures, its history as it was then
            from pmo_xl.exports import recorded_settings

            out = paths[0].parent
            check_language(lang)
            base = load_settings(config) if config else recorded_settings(out / "data")
            settings = base.with_language(lang)
            check_template(template, settings.language)
            portfolio, views = load_week(out, when, settings)
        else:
            settings = _settings(paths, config, lang, as_of)
            check_template(template, settings.language)
            portfolio = _consolidate_with_progress(paths, settings, quiet)
            views = HistoryViews()
            if settings.history_url:  # a shared history: the deck shows what moved
                from pmo_xl.history import HistoryError, SnapshotStore

                with contextlib.suppress(HistoryError):
                    views = views_of(SnapshotStore(settings.history_url, create=False),
                                     portfolio)
        path = write_deck(portfolio, output, template=template, projects=project,
                          mta=views.mta, changes=views.changes)
        _console(quiet).print(f"wrote {path}")
        return EXIT_OK

    _guard(body, lang)


@app.command("deck-templates")
def deck_templates(
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("ppt_templates"),
) -> None:
    """Write pmo-xl's default 16:9 deck templates (EN and FR)."""
    from pmo_xl.deck import build_default_template

    def body() -> int:
        for lang in ("en", "fr"):
            _console().print(f"wrote {build_default_template(output / f'copil_{lang}.pptx', lang)}")
        return EXIT_OK

    _guard(body)


history_app = typer.Typer(help="Snapshots of past consolidations.", no_args_is_help=True)
app.add_typer(history_app, name="history")
Store = Annotated[Path, typer.Option("--output", "-o", help="The consolidation's output "
                                     "folder: the history its settings record into.")]
StoreUrl = Annotated[str | None, typer.Option(
    "--url", help="An SQLAlchemy URL instead of the settings' history_url.")]


def _with_store(output: Path, url: str | None, config: Path | None, lang: str | None,
                action: Callable[[Any, Settings], int]) -> None:
    """Run ``action(store, settings)`` on the history of a consolidation's output folder:
    ``--url``, else the history_url of ``--config`` or of the settings that output was
    made with, else the SQLite file beside its master."""
    from pmo_xl.exports import recorded_settings
    from pmo_xl.history import SnapshotStore, history_url

    def body() -> int:
        check_language(lang)
        settings = (load_settings(config) if config
                    else recorded_settings(output / "data")).with_language(lang)
        _SPOKEN.set(settings.language)
        try:
            store = SnapshotStore(url or history_url(settings, output), create=False)
        except InputError as exc:
            raise InputError(f"{exc}: run `pmo-xl consolidate -o {output}` first",
                             fr=f"{exc.message('fr')} : lancez d'abord `pmo-xl consolidate -o "
                                f"{output}`") from exc
        return action(store, settings)

    _guard(body, lang)


@history_app.command("list")
def history_list(output: Store = Path("."), url: StoreUrl = None, config: Config = None,
                 lang: Lang = None) -> None:
    """The reporting dates recorded."""

    def action(store, settings: Settings) -> int:
        for when in store.dates():
            typer.echo(when.isoformat())
        return EXIT_OK

    _with_store(output, url, config, lang, action)


@history_app.command("show")
def history_show(
    date: Annotated[str, typer.Argument(help="A reporting date (dd/mm/yyyy or yyyy-mm-dd).",
                                        callback=_day)],
    output: Store = Path("."), url: StoreUrl = None, config: Config = None, lang: Lang = None,
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

    _with_store(output, url, config, lang, action)


@history_app.command("delete")
def history_delete(
    date: Annotated[str, typer.Argument(help="The snapshot's reporting date (dd/mm/yyyy or "
                                        "yyyy-mm-dd).", callback=_day)],
    output: Store = Path("."), url: StoreUrl = None, config: Config = None, lang: Lang = None,
) -> None:
    """Forget one snapshot (a week recorded by mistake), with its figures."""

    def action(store, settings: Settings) -> int:
        store.delete(date)
        _console().print(f"removed the snapshot of {text.date(date)}")
        return EXIT_OK

    _with_store(output, url, config, lang, action)


@history_app.command("prune")
def history_prune(
    keep: Annotated[int, typer.Option(min=1, help="How many latest snapshots to keep (1 or "
                                      "more; `history delete` removes one).")],
    output: Store = Path("."), url: StoreUrl = None, config: Config = None, lang: Lang = None,
) -> None:
    """Forget old snapshots."""

    def action(store, settings: Settings) -> int:
        removed = store.prune(keep)
        _console().print(f"removed {len(removed)} snapshot(s)")
        return EXIT_OK

    _with_store(output, url, config, lang, action)


@app.command()
def trend(
    code: Annotated[str, typer.Argument(help="Project code.")],
    kpi: Annotated[str, typer.Option(help="A project figure, e.g. eac_days.")] = "eac_days",
    output: Store = Path("."), url: StoreUrl = None, config: Config = None, lang: Lang = None,
) -> None:
    """One figure of one project across the recorded reporting dates."""

    def action(store, settings: Settings) -> int:
        rows = store.figures(code, kpi)
        if rows.empty:
            raise InputError(f"no figure {kpi!r} for project {code!r} in the history")
        fig = figure("projects", kpi)
        for r in rows.itertuples(index=False):
            value = r.text if r.text is not None else fig.text(r.number, settings.language)
            typer.echo(f"{r.reporting_date}\t{value}")
        return EXIT_OK

    _with_store(output, url, config, lang, action)


addin_app = typer.Typer(help="The PMO ribbon add-in for Excel (built from xlwings' template).",
                        no_args_is_help=True)
app.add_typer(addin_app, name="addin")


@addin_app.command("build")
def addin_build(
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("pmo_xl.xlam"),
    lang: Annotated[str, typer.Option(help="Ribbon labels: en or fr.")] = "en",
) -> None:
    """Build pmo_xl.xlam from the installed xlwings' ribbon template."""
    from pmo_xl.excel.addin import CHECKED_XLWINGS, build_addin, xlwings_version

    def body() -> int:
        console = _console()
        if xlwings_version() != CHECKED_XLWINGS:
            console.print(f"[yellow]note[/]: built from xlwings {xlwings_version()}; checked "
                          f"against {CHECKED_XLWINGS}")
        console.print(f"wrote {build_addin(output, lang)}")
        return EXIT_OK

    _guard(body)


@addin_app.command("install")
def addin_install(
    lang: Annotated[str, typer.Option(help="Ribbon labels: en or fr.")] = "en",
    folder: Annotated[Path | None, typer.Option(
        help="Install there instead of Excel's start-up folder.")] = None,
) -> None:
    """Build the add-in into Excel's start-up folder (Windows, macOS)."""
    from pmo_xl.excel.addin import build_addin, startup_folder

    def body() -> int:
        target = (folder or startup_folder()) / "pmo_xl.xlam"
        build_addin(target, lang)
        console = _console()
        console.print(f"installed {target}")
        console.print("Restart Excel: a 'PMO' tab appears. Run `xlwings addin install` once "
                      "too, and trust the folder if Excel blocks macros.")
        return EXIT_OK

    _guard(body)


@app.command()
def docs(
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("docs/tracker-reference.md"),
) -> None:
    """Write the tracker reference (sheets, columns, values, rules) from the schema, and
    the figures reference (figures.md beside it) from the registry of figures."""
    from pmo_xl.figures.docs import figures_markdown
    from pmo_xl.schema.docs import reference_markdown

    def body() -> int:
        from pmo_xl.atomic import atomic_path

        for path, content in ((output, reference_markdown()),
                              (output.with_name("figures.md"), figures_markdown())):
            with atomic_path(path) as tmp:
                tmp.write_text(content, encoding="utf-8")
            _console().print(f"wrote {path}")
        return EXIT_OK

    _guard(body)


@app.command()
def templates(
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("workbooks"),
) -> None:
    """Write the blank tracker templates (EN and FR), byte-stable for version control."""
    from pmo_xl.xlsx import write_tracker

    def body() -> int:
        for lang in ("en", "fr"):
            path = write_tracker(output / f"tracker_template_{lang}.xlsx", lang=lang,
                                 deterministic=True)
            _console().print(f"wrote {path}")
        return EXIT_OK

    _guard(body)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
