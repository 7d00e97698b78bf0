"""Schedules (MS Project .mpp, MSPDI .xml, MPX, Primavera XER/PMXML…) as trackers, via MPXJ.

The reading half (schedule → Plan → RawTracker) sits at the reader's rank so that
``consolidate`` can take schedules found with the trackers; writing a tracker from a Plan
is ``provision.import_schedule``. JPype and MPXJ are imported lazily, here only.
"""

from pmo_xl.schedules.convert import (
    SCHEDULE_SUFFIXES,
    Plan,
    looks_like_schedule,
    milestone_status,
    read_schedule,
)
from pmo_xl.schedules.java import extra_installed, start_java

__all__ = ["SCHEDULE_SUFFIXES", "Plan", "extra_installed", "looks_like_schedule",
           "milestone_status", "read_schedule", "start_java"]
