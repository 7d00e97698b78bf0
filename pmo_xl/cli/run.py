"""The commands that read trackers and write the week's outputs: validate, consolidate,
chase, new-tracker, demo, deck."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from pmo_xl._version import __version__
from pmo_xl.atomic import sweep
from pmo_xl.beside import Beside, release_freed_memory
from pmo_xl.cli.common import (
    EXIT_OK,
    EXIT_STRICT,
    EXIT_UNRECORDED,
    AsOf,
    Config,
    Lang,
    Quiet,
    _console,
    _day,
    _guard,
    _settings,
    app,
    log,
)
from pmo_xl.cli.history import say_recording
from pmo_xl.consolidate import CACHE_DIR
from pmo_xl.consolidate import consolidate as run_consolidation
from pmo_xl.exceptions import InputError, OutputError, UsageError
from pmo_xl.figures import figure, shown
from pmo_xl.model import Portfolio
from pmo_xl.runlock import run_lock
from pmo_xl.schema import text
from pmo_xl.schema.rules import Severity
from pmo_xl.settings import Settings, check_language, find_settings, load_settings

if TYPE_CHECKING:
    import pandas as pd

    from pmo_xl.history.record import Recording


def _progress(console: Console, quiet: bool) -> Progress | None:
    if quiet:
        return None
    return Progress(
        TextColumn("[bold]Reading trackers"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), TextColumn("{task.description}"), console=console, transient=True,
        auto_refresh=False,  # redrawn on each file read: no thread, so the readers may fork
    )


def _consolidate_with_progress(paths: list[Path], settings: Settings, quiet: bool,
                               cache: Path | None = None, out_dir: Path | None = None,
                               update_cache: bool = True) -> Portfolio:
    """Consolidate; with an output folder, its history says which projects are expected
    (when no register does) and the read cache there serves unchanged trackers."""
    from pmo_xl.history.record import previous_projects

    previous = previous_projects(settings, out_dir) if out_dir is not None else None
    console = _console(quiet)
    bar = _progress(console, quiet)
    if bar is None:
        return run_consolidation(paths, settings, cache=cache, previous=previous,
                                 update_cache=update_cache)
    with bar:
        task = bar.add_task("", total=None)

        def tick(done: int, total: int, path: str) -> None:
            bar.update(task, completed=done, total=total, description=Path(path).name,
                       refresh=True)

        return run_consolidation(paths, settings, progress=tick, cache=cache,
                                 previous=previous, update_cache=update_cache)


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
    "flash": ("Writing the flash e-mail", "Écriture du flash"),
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



_WROTE = {
    "deck": ("COPIL deck: {path}", "Support COPIL : {path}"),
    "master": ("Master workbook: {path}", "Classeur maître : {path}"),
    "outputs": ("Outputs in {path} (log: {log})", "Sorties dans {path} (journal : {log})"),
}


Exceptions = Annotated[bool | None, typer.Option(
    "--exceptions/--all-projects", help="Project slides only for the projects that need the "
    "committee, the others a line each (default: the settings', else above 25 projects).")]


def _with_exceptions(settings: Settings, exceptions: bool | None) -> Settings:
    if exceptions is None:
        return settings
    return settings.replace(deck={**settings.deck.model_dump(), "exceptions": exceptions})


PdfOption = Annotated[bool, typer.Option(
    "--pdf", help="Also write the deck as PDF beside it (LibreOffice, else PowerPoint on "
    "Windows); without either, says how to get one — never fails the run.")]
_PDF = ("PDF of the deck: {path}", "PDF du support : {path}")


def _write_pdf(console: Console, deck: Path, lang: str) -> Path | None:
    """The deck's PDF beside it, or a warning that says why not and how to get one."""
    from pmo_xl.deck.render import deck_pdf

    try:
        path = deck_pdf(deck)
    except OutputError as e:
        log.warning("no PDF of %s: %s", deck, e.message("en"))
        _console().print(text.pick(("warning: ", "attention : "), lang) + e.message(lang),
                         markup=False, soft_wrap=True)
        return None
    console.print(text.pick(_PDF, lang).format(path=path), markup=False, soft_wrap=True)
    return path


_FLASHED = ("Flash e-mail draft: {path}", "Brouillon du flash : {path}")
_NO_FLASH_TO = ("warning: no flash_to addresses in the settings: the flash draft has no "
                "recipient",
                "attention : pas d'adresses flash_to dans les paramètres : le brouillon du "
                "flash n'a pas de destinataire")


def _write_flash(console: Console, portfolio: Portfolio, master: Path,
                 changes: pd.DataFrame | None, deck: Path | None) -> Path:
    """``<master>_flash.eml`` beside the master; a warning when it has no recipient."""
    from pmo_xl.flash import flash_path, write_flash

    lang = portfolio.language
    with _stage(console, "flash", lang):
        path = write_flash(portfolio, flash_path(master), changes=changes, deck=deck)
    log.info("wrote flash e-mail draft %s", path)
    console.print(text.pick(_FLASHED, lang).format(path=path), markup=False, soft_wrap=True)
    if not portfolio.settings.flash_to:
        _console().print(text.pick(_NO_FLASH_TO, lang), markup=False, soft_wrap=True)
    return path


def run_pipeline(
    paths: list[Path], out_dir: Path, settings: Settings, *, quiet: bool = False,
    lock_timeout: float = 300.0, deck: bool = False, template: Path | None = None,
    cache: bool = True, flash: bool = False, pdf: bool = False,
) -> tuple[Portfolio, Recording]:
    """Consolidate and write every output into ``out_dir``, holding its lock; the
    portfolio, and what the history did with the week (outputs never wait on it).

    Trackers unchanged since the last run into ``out_dir`` are taken from its read
    cache (``.pmo_xl_cache``) unless ``cache`` is False. ``flash`` writes the flash
    e-mail draft beside the master (the deck attached when there is one); ``pdf`` the
    deck's PDF when it can.
    """
    if deck:  # a template that cannot be used is said before any output is written
        from pmo_xl.deck import check_template

        check_template(template, settings.language, settings)
    _make_folder(out_dir)
    log_path = _setup_log(out_dir, quiet)
    console = _console(quiet)
    started = time.perf_counter()
    # The deck's helper starts once the folder is ours, before the trackers are read.
    with run_lock(out_dir, lock_timeout, on_wait=lambda: console.print(
            f"Waiting for another pmo-xl run on {out_dir} (up to {lock_timeout:.0f} s)…")), \
            Beside(warm=["pmo_xl.deck"], spawn=deck) as building:
        for stale in sweep(out_dir):
            log.info("removed %s, left by a run that was stopped", stale)
        log.info("pmo-xl %s: consolidating %s into %s", __version__,
                 ", ".join(map(str, paths)), out_dir)
        portfolio = _consolidate_with_progress(paths, settings, quiet,
                                               out_dir / CACHE_DIR if cache else None, out_dir)
        if portfolio.sources.empty:
            raise _no_tracker(paths)
        if deck:  # the helper's copy and ours will live side by side: reading's garbage goes
            release_freed_memory()
        from pmo_xl.exports import write_tables
        from pmo_xl.history.record import record
        from pmo_xl.xlsx import master_filename, write_master

        lang = settings.language
        with _stage(console, "history", lang):
            recording = record(portfolio, out_dir)
        views = recording.views
        if recording.failure is None:
            log.info("recorded snapshot %s", portfolio.reporting_date)
        master = out_dir / master_filename(portfolio)
        if deck:  # on the other core, from this portfolio, while the tables and master are
            from pmo_xl.deck import for_deck, write_deck  # written

            building.run(write_deck, for_deck(portfolio), master.with_suffix(".pptx"),
                         template=template, mta=views.mta, changes=views.changes)
        with _stage(console, "tables", lang):
            written = write_tables(portfolio, out_dir / "data")
        if deck:  # the helper holds its own copy meanwhile: our freed pages go back
            release_freed_memory()
        with _stage(console, "master", lang):
            write_master(portfolio, master, mta=views.mta, changes=views.changes)
        log.info("wrote master workbook %s", master)
        if deck:
            with _stage(console, "deck", lang):
                deck_path = building.result()
            log.info("wrote COPIL deck %s", deck_path)
            console.print(text.pick(_WROTE["deck"], lang).format(path=deck_path),
                          markup=False, soft_wrap=True)
            if pdf:
                _write_pdf(console, deck_path, lang)
        if flash:
            _write_flash(console, portfolio, master, views.changes, deck_path if deck else None)
        for f in portfolio.findings.itertuples(index=False):
            log.info("finding %s %s %s!%s %s", f.severity, Path(f.file).name, f.sheet, f.cell,
                     f.message)
        log.info("wrote %d table files in %s", len(written), out_dir / "data")
    _summary(console, portfolio)
    log.info("done in %.1f s; log %s", time.perf_counter() - started, log_path)
    console.print(text.pick(_WROTE["master"], lang).format(path=master), markup=False,
                  soft_wrap=True)
    console.print(text.pick(_WROTE["outputs"], lang).format(path=out_dir, log=log_path.name),
                  markup=False, soft_wrap=True)
    say_recording(console, recording, out_dir, lang)
    return portfolio, recording


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
    exceptions: Exceptions = None,
    flash: Annotated[bool, typer.Option(
        "--flash", help="Also write the flash e-mail draft to management "
        "(<master>_flash.eml; the deck attached with --deck).")] = False,
    pdf: PdfOption = False,
    lang: Lang = None,
    as_of: AsOf = None,
    config: Config = None,
    quiet: Quiet = False,
) -> None:
    """Consolidate trackers: master workbook, tables (Parquet, CSV), findings, deck."""

    def body() -> int:
        for given, option in ((template is not None, "--template"), (pdf, "--pdf")):
            if given and not deck:
                raise UsageError(f"{option} is for the deck: add --deck",
                                 fr=f"{option} est pour le support : ajoutez --deck")
        settings = _with_exceptions(_settings(paths, config, lang, as_of), exceptions)
        p, recording = run_pipeline(paths, output, settings, quiet=quiet,
                                    lock_timeout=lock_timeout, deck=deck, template=template,
                                    cache=cache, flash=flash, pdf=pdf)
        if recording.failure is not None:
            return EXIT_UNRECORDED
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


def _house(output: Path, config: Path | None) -> dict:
    """The house's sheets for ``--house``: its settings' mapping, which must say some."""
    from pmo_xl.schema.mapping import house_sheets

    settings = load_settings(config) if config else find_settings([output.parent, output])
    mapping = settings.aliases.mapping()
    if not mapping:
        raise UsageError("--house needs an [aliases] mapping in the settings (pmo_xl.toml "
                         "beside the output, or --config)",
                         fr="--house demande un [aliases] dans les paramètres (pmo_xl.toml "
                            "à côté de la sortie, ou --config)")
    return house_sheets(mapping)


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
    layout: Annotated[str, typer.Option(
        help="Workload layout: grid (months across, three rows per resource) or long "
             "(one row per month).")] = "grid",
    house: Annotated[bool, typer.Option(
        "--house", help="In the house's names: the first alias of each sheet, label and "
        "word of the settings' [aliases].")] = False,
    config: Config = None,
) -> None:
    """Write a tracker ready to fill (or one per row of a project list)."""
    from pmo_xl.provision import new_tracker as make_one
    from pmo_xl.provision import provision
    from pmo_xl.xlsx import LAYOUTS

    def body() -> int:
        check_language(lang)
        if layout not in LAYOUTS:
            raise UsageError(f"--layout must be grid or long, not {layout!r}",
                             fr=f"--layout vaut grid ou long, pas {layout!r}")
        chosen = next(x for x in LAYOUTS if x == layout)
        console = _console()
        schema = _house(output, config) if house else None
        if from_list is not None:
            written, skipped = provision(from_list, output, lang=lang, force=force,
                                         layout=chosen, schema=schema)
            for path in written:
                console.print(f"wrote {path}")
            for reason in skipped:
                console.print(f"[yellow]skipped[/] {reason}")
            return EXIT_OK
        if not code or not name:
            raise UsageError("give --code and --name, or --from a project list",
                             fr="donnez --code et --name, ou --from une liste de projets")
        card = {"code": code, "name": name, "manager": manager}
        path = make_one(output, card, lang=lang, force=force, layout=chosen, schema=schema)
        console.print(f"wrote {path}")
        return EXIT_OK

    _guard(body, lang)


def _demo_history(folder: Path, lang: str | None, console: Console) -> None:
    """The demo's weeks before this one, each consolidated and recorded as of its own
    reporting date (its master archived beside this week's)."""
    from pmo_xl.demo import HISTORY_WEEKS, last_friday, make_demo

    as_of, today = last_friday(), dt.date.today()
    for weeks in HISTORY_WEEKS:
        back = dt.timedelta(days=7 * weeks)
        trackers = make_demo(folder / "trackers", as_of, weeks_ago=weeks)
        settings = _settings([trackers], None, lang).replace(
            today=today - back, reporting_date=as_of - back)
        run_pipeline([trackers], folder / "output", settings, quiet=True)
        console.print(f"Recorded the demo's week of {as_of - back:%d/%m/%Y}")


@app.command()
def demo(
    folder: Annotated[Path, typer.Argument(help="Where to create the demo.")] = Path("pmo-demo"),
    lang: Lang = None,
    quiet: Quiet = False,
) -> None:
    """Create a realistic demo portfolio and run the whole pipeline on it, after two
    weeks of history (the trackers as they were then), so the deck shows what moved."""
    from pmo_xl.demo import make_demo

    def body() -> int:
        console = _console(quiet)
        _demo_history(folder, lang, console)
        trackers = make_demo(folder / "trackers")
        console.print(f"Demo trackers in {trackers}")
        settings = _settings([trackers], None, lang)
        portfolio, recording = run_pipeline([trackers], folder / "output", settings,
                                            quiet=quiet, deck=True, flash=True)
        from pmo_xl.chase import CHASE_DIR
        from pmo_xl.xlsx import chase_managers

        made = chase_managers(portfolio, folder / "output" / CHASE_DIR)
        console.print(text.pick(_CHASED, portfolio.language).format(
            n=len(made.drafts), folder=made.folder), markup=False, soft_wrap=True)
        return EXIT_UNRECORDED if recording.failure is not None else EXIT_OK

    _guard(body, lang)


@app.command("deck")
def deck_command(
    paths: Annotated[list[Path], typer.Argument(
        help="Tracker files/folders, or a master workbook written by `consolidate`.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The .pptx to write.")],
    template: Annotated[Path | None, typer.Option(help="Company deck template.")] = None,
    project: Annotated[list[str] | None, typer.Option(
        help="Only these project codes (repeat the option).")] = None,
    exceptions: Exceptions = None,
    pdf: PdfOption = False,
    cache_from: Annotated[Path | None, typer.Option(
        "--cache-from", help="An output folder of `consolidate`: its read cache serves the "
        "trackers unchanged since that run (and is left as it was).")] = None,
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
            settings = _with_exceptions(base.with_language(lang), exceptions)
            check_template(template, settings.language, settings)
            portfolio, views = load_week(out, when, settings)
        else:
            settings = _with_exceptions(_settings(paths, config, lang, as_of), exceptions)
            check_template(template, settings.language, settings)
            if cache_from is not None and not cache_from.is_dir():
                raise UsageError(f"--cache-from: {cache_from} is not a folder",
                                 fr=f"--cache-from : {cache_from} n'est pas un dossier")
            portfolio = _consolidate_with_progress(
                paths, settings, quiet, cache_from / CACHE_DIR if cache_from else None,
                cache_from, update_cache=False)
            views = HistoryViews()
            from pmo_xl.history import URL_ENV, HistoryError, SnapshotStore

            if settings.history_url or os.environ.get(URL_ENV):  # a shared history: the
                with contextlib.suppress(HistoryError):  # deck shows what moved
                    views = views_of(SnapshotStore.of(settings, output.parent, create=False),
                                     portfolio)
        path = write_deck(portfolio, output, template=template, projects=project,
                          mta=views.mta, changes=views.changes)
        _console(quiet).print(f"wrote {path}")
        if pdf:
            _write_pdf(_console(quiet), path, settings.language)
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

