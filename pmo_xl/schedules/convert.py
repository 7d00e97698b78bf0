"""A schedule (MS Project, MSPDI, MPX, Primavera…) as a tracker's card and tables, via MPXJ.

What maps to what is the issue's and the README's ("Bring the plans over"); what the
contract leaves open is in docs/decisions.md. Everything here is plain Python values:
dates, floats, text, so the tracker writer and the reader's rank can both use a Plan.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmo_xl.exceptions import ScheduleUnreadable
from pmo_xl.schedules.java import start_java
from pmo_xl.schedules.spread import PLACES, months_between, share_out, spread, spread_progress
from pmo_xl.schema.normalize import normalize_label

# The files a trackers folder may hold that are schedules (an .xml only when it is one).
SCHEDULE_SUFFIXES = {".mpp", ".mpx", ".xer", ".pmxml", ".xml"}
_XML_MARKS = (b"schemas.microsoft.com/project", b"APIBusinessObjects")
_CODE_PROPERTIES = {"code", "project code", "code projet", "projectcode"}
HOURS_PER_DAY = 8.0  # when the schedule does not say (MS Project's default 480 min)


def looks_like_schedule(path: Path) -> bool:
    """A schedule by its suffix; an ``.xml`` only when it is MSPDI or Primavera PMXML."""
    suffix = path.suffix.lower()
    if suffix not in SCHEDULE_SUFFIXES:
        return False
    if suffix != ".xml":
        return True
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return any(mark in head for mark in _XML_MARKS)


@dataclass
class Plan:
    """One schedule as a tracker: the card, its three tables, and the assignments'
    totals in days (unrounded), which the tables add up to within rounding."""

    file: str
    card: dict[str, Any]
    milestones: list[dict[str, Any]] = field(default_factory=list)
    workload: list[dict[str, Any]] = field(default_factory=list)
    rates: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, float] = field(default_factory=dict)

    @property
    def tables(self) -> dict[str, list[dict[str, Any]]]:
        return {"milestones": self.milestones, "workload": self.workload, "rates": self.rates}


def _date(value: Any) -> dt.date | None:
    """A Java LocalDateTime as a date."""
    if value is None:
        return None
    return dt.date(int(value.getYear()), int(value.getMonthValue()), int(value.getDayOfMonth()))


def _text(value: Any) -> str | None:
    text = None if value is None else str(value).strip()
    return text or None


def _unreadable(path: Path, reason: str, detail: str = "") -> ScheduleUnreadable:
    return ScheduleUnreadable(f"{path}: {reason} {detail}".strip(), reason=reason, detail=detail)


def open_schedule(path: str | Path) -> Any:
    """MPXJ's ProjectFile for ``path``; a file it cannot use raises ScheduleUnreadable."""
    path = Path(path)
    jpype = start_java()
    from org.mpxj.reader import UniversalProjectReader

    try:
        if path.stat().st_size == 0:
            raise _unreadable(path, "empty")
    except OSError as exc:
        raise _unreadable(path, "system", exc.strerror or str(exc)) from None
    try:
        project = UniversalProjectReader().read(str(path))
    except jpype.JException as exc:
        detail = str(exc.getMessage() or type(exc).__name__).splitlines()[0][:200]
        raise _unreadable(path, unreadable_reason(detail), detail) from None
    if project is None:
        raise _unreadable(path, "schedule_unsupported")
    if not any(_text(t.getName()) for t in project.getTasks()
               if t.getID() is None or int(t.getID()) > 0):
        raise _unreadable(path, "schedule_empty")  # nothing but the project's own summary
    return project


def unreadable_reason(detail: str) -> str:
    """Why MPXJ refused a file, from its message: a password, else damage."""
    return "schedule_password" if "password" in detail.lower() else "schedule_corrupt"


def read_schedule(path: str | Path, code: str | None = None,
                  today: dt.date | None = None) -> Plan:
    """One schedule as a Plan: ``code`` first, else the schedule's own (a custom property
    named Code / Project code, else Primavera's project ID), else the file's name; its
    status date, else ``today``, is the reporting date."""
    path = Path(path)
    project = open_schedule(path)
    try:
        return _Converter(project, path, today or dt.date.today()).plan(code)
    except ScheduleUnreadable:
        raise
    except Exception as exc:  # a schedule MPXJ reads but that holds nonsense
        detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        raise _unreadable(path, "schedule_corrupt", detail) from None


class _Converter:
    """The walk over one ProjectFile."""

    def __init__(self, project: Any, path: Path, today: dt.date) -> None:
        from org.mpxj import LocalDateTimeRange, ResourceType, TimeUnit

        self.project, self.path = project, path
        self.props = project.getProjectProperties()
        minutes = self.props.getMinutesPerDay()
        self.hours_per_day = float(minutes) / 60 if minutes and float(minutes) > 0 \
            else HOURS_PER_DAY
        self.as_of = _date(self.props.getStatusDate()) or today
        self.HOURS, self.DAYS, self.WORK = TimeUnit.HOURS, TimeUnit.DAYS, ResourceType.WORK
        self.Range = LocalDateTimeRange
        self.tasks = [t for t in project.getTasks() if t.getID() is None or int(t.getID()) > 0
                      or t.getParentTask() is not None]

    def days(self, duration: Any) -> float:
        """Work (any unit) in days at the schedule's hours per day."""
        if duration is None:
            return 0.0
        hours = float(duration.convertUnits(self.HOURS, self.props).getDuration())
        return hours / self.hours_per_day

    def plan(self, code: str | None) -> Plan:
        rates, own_rates = self._rates()
        workload, totals = self._workload(self._assignments(), own_rates)
        starts = [d for t in self.tasks if (d := _date(t.getStart()))]
        finishes = [d for t in self.tasks if (d := _date(t.getFinish()))]
        baselines = [d for t in self.tasks if (d := _date(t.getBaselineFinish()))]
        card = {
            "code": code or self._code(), "name": self._name(),
            "manager": _text(self.props.getManager()),
            "start": min(starts, default=None), "end_baseline": max(baselines, default=None),
            "end_forecast": max(finishes, default=None), "as_of": self.as_of,
            "budget_days": round(totals["planned"], PLACES),
        }
        return Plan(str(self.path), card, self._milestones(), workload, rates, totals)

    def _code(self) -> str:
        custom = self.props.getCustomProperties()
        for key in custom.keySet() if custom is not None else ():
            if normalize_label(str(key)) in _CODE_PROPERTIES and _text(custom.get(key)):
                return str(_text(custom.get(key)))
        return _text(self.props.getProjectID()) or self.path.stem

    def _name(self) -> str:
        return (_text(self.props.getProjectTitle()) or _text(self.props.getName())
                or self.path.stem)

    def _milestones(self) -> list[dict[str, Any]]:
        out = []
        for task in self.tasks:
            name = _text(task.getName())
            if not (name and task.getMilestone() and not task.getSummary()):
                continue
            forecast = _date(task.getFinish())
            baseline = _date(task.getBaselineFinish()) or forecast
            actual = _date(task.getActualFinish())
            out.append({"id": str(task.getUniqueID()), "milestone": name,
                        "baseline_date": baseline, "forecast_date": forecast,
                        "actual_date": actual,
                        "status": milestone_status(baseline, forecast, actual, self.as_of)})
        return out

    def _workstream(self, task: Any) -> str | None:
        """The top-level summary task above ``task`` (not the project's own summary)."""
        top = None
        parent = task.getParentTask()
        while parent is not None and (parent.getOutlineLevel() is None
                                      or int(parent.getOutlineLevel()) > 0):
            top = parent
            parent = parent.getParentTask()
        return _text(top.getName()) if top is not None else None

    def _assignments(self) -> list[Any]:
        out = []
        for a in self.project.getResourceAssignments():
            resource = a.getResource()
            if resource is None or not _text(resource.getName()) or a.getTask() is None:
                continue
            kind = resource.getType()
            if kind is not None and kind != self.WORK:
                continue  # material and cost resources do not work days
            out.append(a)
        return out

    def _workload(self, assignments: list[Any], own_rates: dict[str, float]
                  ) -> tuple[list[dict[str, Any]], dict[str, float]]:
        baseline = any(self.days(a.getBaselineWork()) > 0 for a in assignments)
        rows: list[dict[str, Any]] = []
        totals = {"planned": 0.0, "actual": 0.0, "remaining": 0.0}
        for a in assignments:
            task, resource = a.getTask(), a.getResource()
            planned = self.days(a.getBaselineWork() if baseline else a.getWork())
            actual, remaining = self.days(a.getActualWork()), self.days(a.getRemainingWork())
            totals["planned"] += planned
            totals["actual"] += actual
            totals["remaining"] += remaining
            months = self._months(a, planned, actual, remaining, baseline)
            ident = {"workstream": self._workstream(task), "task": _text(task.getName()),
                     "resource": _text(resource.getName()), "role": _text(resource.getGroup())}
            rate = own_rates.get(str(resource.getUniqueID()))
            for month in sorted(set().union(*months)):
                rows.append({**ident, "month": month,
                             **{k: m.get(month) for k, m in zip(
                                 ("planned", "actual", "remaining"), months, strict=True)},
                             "rate": rate})
        return rows, totals

    def _span(self, a: Any, baseline: bool) -> tuple[dt.date, dt.date]:
        task = a.getTask()
        start = (baseline and _date(a.getBaselineStart())) or _date(a.getStart()) \
            or _date(task.getStart()) or self.as_of
        finish = (baseline and _date(a.getBaselineFinish())) or _date(a.getFinish()) \
            or _date(task.getFinish()) or start
        return start, finish

    def _months(self, a: Any, planned: float, actual: float, remaining: float, baseline: bool
                ) -> tuple[dict[dt.date, float], ...]:
        """Planned, actual and remaining days per month: the timephased data where the
        schedule has them, else spread over working days."""
        start, finish = self._span(a, False)
        timephased = (not a.getRawTimephasedActualRegularWork().isEmpty()
                      or not a.getRawTimephasedRemainingRegularWork().isEmpty())
        plan_start, plan_finish = self._span(a, baseline)
        if timephased:
            done = self._timephased(a.getTimephasedActualWork, actual, start, finish)
            left = self._timephased(a.getTimephasedRemainingWork, remaining, start, finish)
        else:
            done, left = spread_progress(actual, remaining, start, finish, self.as_of)
        if baseline and not a.getRawTimephasedBaselineWork(0).isEmpty():
            plan = self._timephased(lambda r, u: a.getTimephasedBaselineWork(0, r, u), planned,
                                    plan_start, plan_finish)
        elif timephased and not baseline:
            plan = self._timephased(a.getTimephasedWork, planned, start, finish)
        else:
            plan = spread(planned, plan_start, plan_finish)
        return plan, done, left

    def _timephased(self, values: Any, total: float, start: dt.date, finish: dt.date
                    ) -> dict[dt.date, float]:
        """MPXJ's timephased values per month, scaled to the assignment's total (the
        totals are what the schedule says; the data only say when)."""
        from java.time import LocalDateTime
        from java.util import ArrayList

        months = months_between(start, finish)
        ranges = ArrayList()
        for m in months:
            nxt = dt.date(m.year + m.month // 12, m.month % 12 + 1, 1)
            ranges.add(self.Range(LocalDateTime.of(m.year, m.month, 1, 0, 0),
                                  LocalDateTime.of(nxt.year, nxt.month, 1, 0, 0)))
        got = values(ranges, self.HOURS)
        weights = {m: (float(v.getDuration()) if v is not None else 0.0)
                   for m, v in zip(months, got, strict=False)}
        if sum(weights.values()) <= 0:
            return spread(total, start, finish)
        return share_out(total, weights)

    def _rates(self) -> tuple[list[dict[str, Any]], dict[str, float]]:
        """A daily rate per role (the most common among its priced resources), and each
        resource's own rate where its role's differs or it has no role."""
        by_role: dict[str, Counter[float]] = {}
        priced: dict[str, tuple[str | None, float]] = {}
        for r in self.project.getResources():
            rate = r.getStandardRate()
            if rate is None or float(rate.getAmount()) <= 0 or not _text(r.getName()):
                continue
            per_unit_days = float(self._one(rate.getUnits()))
            if per_unit_days <= 0:
                continue
            daily = round(float(rate.getAmount()) / per_unit_days, PLACES)
            role = _text(r.getGroup())
            priced[str(r.getUniqueID())] = (role, daily)
            if role:
                by_role.setdefault(role, Counter())[daily] += 1
        role_rate = {role: max(c, key=lambda v: (c[v], -v)) for role, c in by_role.items()}
        own = {uid: daily for uid, (role, daily) in priced.items()
               if role is None or role_rate.get(role) != daily}
        return [{"role": k, "rate": v} for k, v in sorted(role_rate.items())], own

    def _one(self, unit: Any) -> float:
        """How many working days one ``unit`` of a rate is (an hour is 1/8 of a day…)."""
        from org.mpxj import Duration

        return float(Duration.getInstance(1.0, unit).convertUnits(self.DAYS, self.props)
                     .getDuration())


def milestone_status(baseline: dt.date | None, forecast: dt.date | None,
                     actual: dt.date | None, as_of: dt.date) -> str:
    """Done with an actual date; Late when the forecast has passed; At risk when it is
    after the baseline; else On track."""
    if actual is not None:
        return "Done"
    if forecast is not None and forecast < as_of:
        return "Late"
    if forecast is not None and baseline is not None and forecast > baseline:
        return "At risk"
    return "On track"
