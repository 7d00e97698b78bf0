"""pmo-xl: an Excel-centric reporting engine for PMOs.

    >>> import pmo_xl
    >>> portfolio = pmo_xl.consolidate("trackers/")
    >>> portfolio.projects[["project", "eac_days", "computed_status"]]
"""

from pmo_xl._version import __version__
from pmo_xl.consolidate import consolidate
from pmo_xl.exceptions import (
    InputError,
    LockTimeout,
    OutputError,
    PmoXlError,
    SettingsError,
)
from pmo_xl.model import Portfolio
from pmo_xl.settings import Settings, load_settings


def write_master(*args, **kwargs):
    """The master workbook (XlsxWriter is imported only when a master is written)."""
    from pmo_xl.xlsx import write_master as _write_master

    return _write_master(*args, **kwargs)


def write_deck(*args, **kwargs):
    """The COPIL deck (python-pptx is imported only when a deck is written)."""
    from pmo_xl.deck import write_deck as _write_deck

    return _write_deck(*args, **kwargs)

__all__ = [
    "InputError", "LockTimeout", "OutputError", "PmoXlError", "Portfolio", "Settings",
    "SettingsError", "__version__", "consolidate", "load_settings", "write_deck", "write_master",
]
