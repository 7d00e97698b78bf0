"""Writing xlsx: the only package that imports the xlsx writer (XlsxWriter)."""

from pmo_xl.xlsx.master import master_filename, write_master
from pmo_xl.xlsx.tracker_template import write_tracker

__all__ = ["master_filename", "write_master", "write_tracker"]
