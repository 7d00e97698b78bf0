"""Writing xlsx: the only package that imports the xlsx writer (XlsxWriter)."""

from pmo_xl.xlsx.tracker_template import write_tracker

__all__ = ["write_tracker"]
