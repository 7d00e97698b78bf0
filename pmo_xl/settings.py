"""Portfolio settings, from ``pmo_xl.toml`` or defaults that work with no file.

Example ``pmo_xl.toml``::

    language = "fr"            # "en" or "fr": findings, master, deck
    staleness_days = 14        # a reporting date older than this is flagged
    risk_scale = 4             # probability and impact on 1-4 (or 5)
    holidays = "FR"            # a country calendar for slips (none by default)
    extra_holidays = ["2026-12-24"]

    [status]                   # computed status: Amber / Red from these thresholds
    variance_pct_amber = 0.05
    variance_pct_red = 0.10
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from pmo_xl.exceptions import SettingsError

SETTINGS_FILE = "pmo_xl.toml"


@dataclass(frozen=True)
class StatusThresholds:
    """When the computed status turns Amber or Red; the worst criterion wins.

    A value at or above the amber (red) threshold makes the project Amber (Red).
    """

    variance_pct_amber: float = 0.05  # EAC over planned, as a fraction
    variance_pct_red: float = 0.10
    slip_days_amber: float = 5  # worst slip of a milestone not yet done, working days
    slip_days_red: float = 15
    critical_risks_amber: int = 1  # open risks of the critical class
    critical_risks_red: int = 3
    overdue_actions_amber: int = 1
    overdue_actions_red: int = 5


@dataclass(frozen=True)
class PriorityWeights:
    """Weights of the prioritisation score (any scale; they are normalised)."""

    value: float = 0.4
    alignment: float = 0.3
    complexity: float = 0.15
    cost: float = 0.15


@dataclass(frozen=True)
class Limits:
    """Guards against files crafted or broken enough to exhaust a machine."""

    max_file_mb: float = 200  # on-disk size of one tracker
    max_part_mb: float = 256  # uncompressed size of one part inside the workbook
    max_sheet_cells: int = 5_000_000  # rows x columns of one sheet we read
    header_rows: int = 30  # a table may start in the first N rows


@dataclass(frozen=True)
class Settings:
    language: str = "en"
    staleness_days: int = 14
    risk_scale: int = 4
    holidays: str | None = None  # country code for the `holidays` package, e.g. "FR"
    extra_holidays: tuple[dt.date, ...] = ()
    today: dt.date | None = None  # reference date for staleness; the run date by default
    workers: int = 0  # reader processes; 0 = automatic
    portfolio_name: str = "Portfolio"  # names the master: <name>_<reporting date>.xlsx
    capacity_days_per_month: float = 18  # resource load above this is highlighted
    master_max_rows: int = 200_000  # more workload rows go to Parquet beside the master
    history_url: str = ""  # snapshots: an SQLAlchemy URL; SQLite beside the master if empty
    status: StatusThresholds = field(default_factory=StatusThresholds)
    priority: PriorityWeights = field(default_factory=PriorityWeights)
    limits: Limits = field(default_factory=Limits)
    source: str = ""  # the file these settings came from, for the record

    def __post_init__(self) -> None:
        if self.language not in ("en", "fr"):
            raise SettingsError(f"language must be 'en' or 'fr', not {self.language!r}")
        if self.risk_scale not in (4, 5):
            raise SettingsError(f"risk_scale must be 4 or 5, not {self.risk_scale!r}")
        if self.staleness_days < 0:
            raise SettingsError("staleness_days must be 0 or more")

    @property
    def reference_date(self) -> dt.date:
        return self.today or dt.date.today()

    def holiday_dates(self, years: range) -> list[dt.date]:
        """The non-working days to skip when counting slips."""
        days = set(self.extra_holidays)
        if self.holidays:
            import holidays as holidays_lib

            try:
                cal = holidays_lib.country_holidays(self.holidays, years=list(years))
            except NotImplementedError as exc:
                raise SettingsError(f"unknown holidays calendar {self.holidays!r}") from exc
            days.update(cal.keys())
        return sorted(days)

    def with_language(self, lang: str | None) -> Settings:
        return self if not lang else replace(self, language=lang)


def _coerce_date(value: Any, name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise SettingsError(f"{name}: {value!r} is not a date (yyyy-mm-dd)") from exc


def _section(cls: type, data: dict[str, Any], name: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    unknown = set(data) - set(known)
    if unknown:
        raise SettingsError(f"[{name}]: unknown setting(s) {', '.join(sorted(unknown))}")
    try:
        return cls(**{k: type(getattr(cls(), k))(v) for k, v in data.items()})
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"[{name}]: {exc}") from exc


def settings_from_dict(data: dict[str, Any], source: str = "") -> Settings:
    data = dict(data)
    kwargs: dict[str, Any] = {"source": source}
    if "status" in data:
        kwargs["status"] = _section(StatusThresholds, data.pop("status"), "status")
    if "priority" in data:
        kwargs["priority"] = _section(PriorityWeights, data.pop("priority"), "priority")
    if "limits" in data:
        kwargs["limits"] = _section(Limits, data.pop("limits"), "limits")
    if "extra_holidays" in data:
        kwargs["extra_holidays"] = tuple(
            _coerce_date(v, "extra_holidays") for v in data.pop("extra_holidays")
        )
    if "today" in data:
        kwargs["today"] = _coerce_date(data.pop("today"), "today")
    simple = {"language": str, "staleness_days": int, "risk_scale": int, "holidays": str,
              "workers": int, "portfolio_name": str, "capacity_days_per_month": float,
              "master_max_rows": int, "history_url": str}
    for key in list(data):
        if key not in simple:
            raise SettingsError(f"unknown setting {key!r} in {source or 'settings'}")
        try:
            kwargs[key] = simple[key](data.pop(key))
        except (TypeError, ValueError) as exc:
            raise SettingsError(f"{key}: {exc}") from exc
    return Settings(**kwargs)


def load_settings(path: str | Path) -> Settings:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(f"cannot read settings file {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path} is not valid TOML: {exc}") from exc
    return settings_from_dict(data, source=str(path))


def find_settings(paths: list[Path]) -> Settings:
    """The ``pmo_xl.toml`` next to the trackers (first folder given that has one)."""
    for p in paths:
        folder = p if p.is_dir() else p.parent
        candidate = folder / SETTINGS_FILE
        if candidate.is_file():
            return load_settings(candidate)
    return Settings()
