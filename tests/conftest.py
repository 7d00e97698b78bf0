import pytest

from pmo_xl.settings import Settings
from tests.builders import TODAY


@pytest.fixture
def settings() -> Settings:
    """Deterministic settings: staleness measured from a fixed 'today'."""
    return Settings(today=TODAY, workers=1)


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server for this test process (see tests/postgres.py)."""
    from tests.postgres import start_server

    server = start_server()
    yield server
    server.remove()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """An empty history database: a SQLite file, then a fresh database on a real
    PostgreSQL server; the history tests that take it run on both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'history.sqlite'}"
    return request.getfixturevalue("postgres").new_database()
