"""Writing xlsx: the only package that imports the xlsx writer (XlsxWriter)."""

from pmo_xl.xlsx.chase_list import chase_managers, write_chase_list
from pmo_xl.xlsx.master import master_filename, write_master
from pmo_xl.xlsx.tracker_template import LAYOUTS, Layout, write_tracker

__all__ = ["LAYOUTS", "Layout", "chase_managers", "master_filename", "write_chase_list",
           "write_master", "write_tracker"]
