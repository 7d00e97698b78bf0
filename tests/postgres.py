"""A real, throw-away PostgreSQL server for the history tests: its own cluster in a
temporary folder, on 127.0.0.1 and a free port, password authentication (scram), stopped
and removed at the end. ``make tools`` installs PostgreSQL from Debian's packages
(scripts/install-postgres.sh)."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

USER = "pmo_team"
PASSWORD = "Sup3r-S3cret-pmo"  # tests assert it is never printed, logged or written


def _bindir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: int(Path(p).parts[-3]))
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One cluster: ``start``, ``stop`` (an outage), ``start`` again, ``remove``."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="pmo-xl-pg-"))
        self.data, self.log = self.root / "data", self.root / "server.log"
        self.port = _free_port()
        self._as_postgres = os.geteuid() == 0  # initdb refuses root: run as postgres
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        pwfile = self.root / "pw"
        pwfile.write_text(PASSWORD)
        if self._as_postgres:
            shutil.chown(pwfile, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", USER, f"--pwfile={pwfile}",
                  "-A", "scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync")
        pwfile.unlink()

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bindir / tool), *args]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed: {done.stdout}{done.stderr}")

    def start(self) -> None:
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                  "-o", options, "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(RuntimeError):
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str, password: str | None = PASSWORD) -> str:
        secret = f":{password}" if password is not None else ""
        return f"postgresql+psycopg://{USER}{secret}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database on this server; its URL."""
        import psycopg

        name = f"pmo_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(host="127.0.0.1", port=self.port, user=USER, password=PASSWORD,
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def start_server() -> PostgresServer:
    """A running server, or a skip (a fail in CI) saying why there is none."""
    def missing(why: str) -> None:
        if os.environ.get("CI"):
            pytest.fail(f"{why} in CI: `make tools` installs it")
        pytest.skip(f"{why}: `make tools` installs it (needs root and apt); the history "
                    "tests ran on SQLite only")

    bindir = _bindir()
    if bindir is None:
        missing("PostgreSQL is not installed")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        missing("psycopg (the extra pmo-xl[postgres]) is not installed")
    server = PostgresServer(bindir)
    try:
        server.start()
    except Exception:
        server.remove()
        raise
    return server
