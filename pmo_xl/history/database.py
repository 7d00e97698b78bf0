"""The connection to a history database: where it is, how long to wait, what to say.

A shared PostgreSQL is used by several PMO runs at once and is sometimes down: every
operation runs inside ``talking_to`` so that a refused password, an outage or a lock
held too long becomes one clear ``HistoryError`` (never a traceback), and the URL's
password never reaches a message, a log or a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from pmo_xl.exceptions import InputError
from pmo_xl.settings import Settings

HISTORY_FILE = "pmo_xl_history.sqlite"  # beside the master when no history_url is set
URL_ENV = "PMO_XL_HISTORY_URL"  # the history's URL (with its password) outside the files
CONNECT_TIMEOUT_S = 10  # a server that does not answer is an outage, not a hang
SCHEMA_LOCK = "pmo_xl:schema"  # creating or upgrading the tables


class HistoryError(InputError):
    """The history database cannot be used (newer schema, bad URL, none yet…)."""


class NoHistoryYet(HistoryError):
    """Reading a history nobody recorded into yet (nothing was created)."""


class HistoryBusy(HistoryError):
    """Another run held the history longer than the settings' history_lock_timeout."""


def default_url(folder: str | Path) -> str:
    return f"sqlite:///{Path(folder).resolve() / HISTORY_FILE}"


def history_url(settings: Settings, out_dir: str | Path) -> str:
    """Where the snapshots of runs into ``out_dir`` live: the settings' ``history_url``,
    else ``$PMO_XL_HISTORY_URL`` (a password kept out of shared files), else SQLite
    beside the master."""
    return settings.history_url or os.environ.get(URL_ENV, "") or default_url(out_dir)


def shown_url(url: str) -> str:
    """The URL as it may be printed: its password masked."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except (sa.exc.ArgumentError, ValueError):
        return "<an unreadable history_url>"


def _password(url: str) -> str | None:
    try:
        return sa.engine.make_url(url).password
    except (sa.exc.ArgumentError, ValueError):
        return None


def _masked(message: str, url: str) -> str:
    secret = _password(url)
    if secret:
        message = message.replace(secret, "***")
    return message


def lock_key(name: str) -> int:
    """A PostgreSQL advisory-lock key for a name: 64 signed bits of its hash, the same in
    every process (Python's ``hash`` is not)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big",
                          signed=True)


def open_engine(url: str, timeout_s: float) -> sa.Engine:
    """An engine whose writing transactions serialise (SQLite: ``BEGIN IMMEDIATE``;
    PostgreSQL: advisory locks, see ``hold``) and whose lock waits end after
    ``timeout_s``."""
    parsed = sa.engine.make_url(url)
    backend = parsed.get_backend_name()
    args: dict[str, object] = {}
    if backend == "sqlite":
        args["timeout"] = timeout_s
    elif backend == "postgresql" and "connect_timeout" not in parsed.query:
        args["connect_timeout"] = CONNECT_TIMEOUT_S
    engine = sa.create_engine(parsed, connect_args=args, pool_pre_ping=True)
    if backend == "sqlite":
        # pysqlite opens transactions lazily and never for DDL; take over so that a
        # writing transaction holds the database from its first statement.
        @sa.event.listens_for(engine, "connect")
        def _no_pysqlite_transactions(dbapi_conn, _record) -> None:
            dbapi_conn.isolation_level = None

        @sa.event.listens_for(engine, "begin")
        def _begin(conn: sa.Connection) -> None:
            writes = conn.get_execution_options().get("pmo_xl_writes", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")
    return engine


@contextlib.contextmanager
def writing(engine: sa.Engine, lock: str, timeout_s: float) -> Iterator[sa.Connection]:
    """One writing transaction holding ``lock`` (a portfolio, the schema): a second run
    on the same lock waits for the first, up to ``timeout_s``."""
    with engine.connect() as conn:
        conn.execution_options(pmo_xl_writes=True)
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(sa.text(f"SET LOCAL lock_timeout = {int(timeout_s * 1000)}"))
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"),
                             {"k": lock_key(lock)})
            yield conn


def _is_busy(exc: sa.exc.DBAPIError) -> bool:
    state = getattr(exc.orig, "sqlstate", None)
    return state == "55P03" or "database is locked" in str(exc.orig)


@contextlib.contextmanager
def talking_to(url: str, timeout_s: float) -> Iterator[None]:
    """Database errors as one clear HistoryError, the password masked."""
    where = shown_url(url)
    try:
        yield
    except HistoryError as exc:
        raise type(exc)(_masked(exc.message("en"), url),
                        fr=_masked(exc.message("fr"), url)) from None
    except sa.exc.DBAPIError as exc:
        if _is_busy(exc):
            raise HistoryBusy(
                f"the history {where} is held by another run for more than {timeout_s:g} s "
                "(history_lock_timeout): try again once it has finished",
                fr=f"l'historique {where} est tenu par une autre exécution depuis plus de "
                   f"{timeout_s:g} s (history_lock_timeout) : réessayez quand elle a fini",
            ) from None
        detail = _masked(_first_line(exc.orig), url)
        raise HistoryError(f"cannot use the history database {where}: {detail}",
                           fr=f"impossible d'utiliser la base d'historique {where} : {detail}",
                           ) from None
    except sa.exc.SQLAlchemyError as exc:
        detail = _masked(_first_line(exc), url)
        raise HistoryError(f"cannot use the history database {where}: {detail}",
                           fr=f"impossible d'utiliser la base d'historique {where} : {detail}",
                           ) from None
    except ModuleNotFoundError as exc:  # the URL's driver is not installed
        raise HistoryError(
            f"the history database {where} needs the Python package {exc.name!r}: "
            "pip install 'pmo-xl[postgres]' for PostgreSQL",
            fr=f"la base d'historique {where} demande le paquet Python {exc.name!r} : "
               "pip install 'pmo-xl[postgres]' pour PostgreSQL") from None


def _first_line(exc: BaseException | None) -> str:
    """What the server said, without SQLAlchemy's statement, parameters and links."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    said = next((line for line in lines if not line.startswith(("[SQL", "[parameters",
                                                                 "(Background"))), "")
    return said.removeprefix("(psycopg.OperationalError) ") or type(exc).__name__
