"""Reading trackers: the only package that imports the fast xlsx reader (fastexcel)."""

from pmo_xl.reader.locate import RawCard, RawTable
from pmo_xl.reader.tracker import RawTracker, match_sheets, read_tracker

__all__ = ["RawCard", "RawTable", "RawTracker", "match_sheets", "read_tracker"]
