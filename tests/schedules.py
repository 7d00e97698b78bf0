"""Schedules built in code with MPXJ's own writers (MSPDI, MPX), for the schedule tests.

A schedule is described in plain Python (``Sched``), so each test says its figures, and
written by MPXJ as MS Project or an MPX tool would save it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest


def java_or_skip() -> Any:
    """JPype with the JVM started, or skip: only when Java or the extra is truly absent."""
    pytest.importorskip("jpype")
    pytest.importorskip("mpxj")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime")
    from pmo_xl.schedules import start_java

    return start_java()


@dataclass
class Res:
    name: str
    group: str | None = None
    rate: float | None = None  # per hour
    rate_unit: str = "HOURS"
    kind: str = "WORK"


@dataclass
class Asg:
    resource: str
    work: float  # hours
    start: dt.datetime
    finish: dt.datetime
    baseline: float | None = None
    actual: float | None = None
    remaining: float | None = None
    # Timephased data (start, finish, hours, hours per working day), as Project keeps them.
    actual_phased: tuple[dt.datetime, dt.datetime, float, float] | None = None
    remaining_phased: tuple[dt.datetime, dt.datetime, float, float] | None = None


@dataclass
class Tsk:
    name: str | None
    start: dt.datetime | None = None
    finish: dt.datetime | None = None
    milestone: bool = False
    baseline_finish: dt.datetime | None = None
    actual_finish: dt.datetime | None = None
    children: list[Tsk] = field(default_factory=list)
    assignments: list[Asg] = field(default_factory=list)


@dataclass
class Sched:
    title: str = "Plan"
    manager: str | None = None
    status: dt.datetime | None = None
    minutes_per_day: int | None = None
    code: str | None = None
    resources: list[Res] = field(default_factory=list)
    tasks: list[Tsk] = field(default_factory=list)


def _ldt(value: dt.datetime | None) -> Any:
    if value is None:
        return None
    from java.time import LocalDateTime

    return LocalDateTime.of(value.year, value.month, value.day, value.hour, value.minute)


def build(s: Sched) -> Any:
    """The MPXJ ProjectFile ``s`` describes."""
    jpype = java_or_skip()
    from java.util import HashMap
    from org.mpxj import (
        CostRateTableEntry,
        Duration,
        ProjectFile,
        Rate,
        ResourceType,
        TimeUnit,
    )

    def hours(h: float) -> Any:
        return Duration.getInstance(jpype.JDouble(h), TimeUnit.HOURS)

    pf = ProjectFile()
    props = pf.getProjectProperties()
    props.setProjectTitle(s.title)
    props.setName(s.title)
    if s.manager:
        props.setManager(s.manager)
    if s.status:
        props.setStatusDate(_ldt(s.status))
    if s.minutes_per_day:
        props.setMinutesPerDay(jpype.JInt(s.minutes_per_day))
    if s.code:
        custom = HashMap()
        custom.put("Code", s.code)
        props.setCustomProperties(custom)
    pf.setDefaultCalendar(pf.addDefaultBaseCalendar())
    resources = {}
    for r in s.resources:
        res = pf.addResource()
        res.setName(r.name)
        res.setType(getattr(ResourceType, r.kind))
        if r.group:
            res.setGroup(r.group)
        if r.rate is not None:
            unit = getattr(TimeUnit, r.rate_unit)
            res.getCostRateTable(0).add(CostRateTableEntry(
                CostRateTableEntry.DEFAULT_ENTRY.getStartDate(),
                CostRateTableEntry.DEFAULT_ENTRY.getEndDate(), jpype.JDouble(0),
                [Rate(jpype.JDouble(r.rate), unit), Rate(jpype.JDouble(0), unit)]))
        resources[r.name] = res

    def add(parent: Any, t: Tsk) -> None:
        task = parent.addTask()
        if t.name is not None:
            task.setName(t.name)
        if t.start:
            task.setStart(_ldt(t.start))
        if t.finish:
            task.setFinish(_ldt(t.finish))
        task.setMilestone(t.milestone)
        if t.baseline_finish:
            task.setBaselineFinish(_ldt(t.baseline_finish))
        if t.actual_finish:
            task.setActualFinish(_ldt(t.actual_finish))
        for a in t.assignments:
            ra = task.addResourceAssignment(resources[a.resource])
            ra.setWork(hours(a.work))
            ra.setStart(_ldt(a.start))
            ra.setFinish(_ldt(a.finish))
            if a.baseline is not None:
                ra.setBaselineWork(hours(a.baseline))
            ra.setActualWork(hours(a.actual or 0.0))
            ra.setRemainingWork(hours(a.work - (a.actual or 0.0) if a.remaining is None
                                      else a.remaining))
            for phased, raw in ((a.actual_phased, ra.getRawTimephasedActualRegularWork()),
                                (a.remaining_phased, ra.getRawTimephasedRemainingRegularWork())):
                if phased:
                    raw.add(_phased(jpype, *phased))
        for child in t.children:
            add(task, child)
        if t.children:
            task.setSummary(True)

    for t in s.tasks:
        add(pf, t)
    return pf


def _phased(jpype: Any, start: dt.datetime, finish: dt.datetime, total: float,
            per_day: float) -> Any:
    from org.mpxj import Duration, TimephasedWork, TimeUnit

    item = TimephasedWork()
    item.setStart(_ldt(start))
    item.setFinish(_ldt(finish))
    item.setTotalAmount(Duration.getInstance(jpype.JDouble(total), TimeUnit.HOURS))
    item.setAmountPerHour(Duration.getInstance(jpype.JDouble(per_day / 8), TimeUnit.HOURS))
    return item


def write(s: Sched, path: Path, fmt: str = "MSPDI", project_id: str | None = None) -> Path:
    """``s`` saved by MPXJ as ``fmt`` (MSPDI with its timephased data, MPX, PMXML…)."""
    pf = build(s)
    if project_id:
        pf.getProjectProperties().setProjectID(project_id)
    from org.mpxj.mspdi import MSPDIWriter
    from org.mpxj.writer import FileFormat, UniversalProjectWriter

    if fmt == "MSPDI":
        writer = MSPDIWriter()
        writer.setWriteTimephasedData(True)
        writer.write(pf, str(path))
    else:
        UniversalProjectWriter(getattr(FileFormat, fmt)).write(pf, str(path))
    return path
