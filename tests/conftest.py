import pytest

from pmo_xl.settings import Settings
from tests.builders import TODAY


@pytest.fixture
def settings() -> Settings:
    """Deterministic settings: staleness measured from a fixed 'today'."""
    return Settings(today=TODAY, workers=1)
