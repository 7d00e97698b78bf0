"""What every ``pmo-xl`` command shares: options, messages in the user's language, and
the exit codes.

Exit codes (stable, for cron and Windows Task Scheduler):
  0  done (findings may exist; see --strict)
  1  done, but error findings exist and --strict was given
  2  wrong command-line usage
  3  input problem: a path does not exist, or no tracker was found
  4  output problem: the output folder or file cannot be written
  5  another run holds the output folder's lock for longer than --lock-timeout
  6  invalid settings file
  7  outputs written, but the history could not record the week (kept aside for later)
  70 unexpected internal error (see the run's log file)
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from pmo_xl.exceptions import (
    InputError,
    LockTimeout,
    OutputError,
    PmoXlError,
    SettingsError,
    UsageError,
)
from pmo_xl.settings import Settings, check_language, find_settings, load_settings

EXIT_OK, EXIT_STRICT, EXIT_USAGE, EXIT_INPUT, EXIT_OUTPUT, EXIT_LOCKED, EXIT_SETTINGS = range(7)
EXIT_UNRECORDED = 7  # outputs written, the week kept aside: the history could not take it
EXIT_INTERNAL = 70
_EXIT_BY_ERROR: list[tuple[type[PmoXlError], int]] = [
    (UsageError, EXIT_USAGE),
    (LockTimeout, EXIT_LOCKED),
    (OutputError, EXIT_OUTPUT),
    (InputError, EXIT_INPUT),
    (SettingsError, EXIT_SETTINGS),
]
# History errors (a newer schema, the server down) stop the history commands with exit 3;
# a consolidation goes on without the history and ends with EXIT_UNRECORDED.

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


