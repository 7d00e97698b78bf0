"""The collection: which projects the PMO expects, which sent a tracker, who to chase.

The expected projects are the register's (contract v1.1), else those of the last
report (less the projects it says are closed), so a project that stops reporting is
noticed from the second week on. A project expected and not received keeps its place
in the portfolio (``Portfolio.missing``), with its last recorded figures, dated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pmo_xl.findings import Finding, make_finding
from pmo_xl.schema.contract import DONE, NO_REPORT, PHASE
from pmo_xl.settings import Settings
from pmo_xl.validate.register import validate_register

WHO = ("name", "manager", "manager_email")  # what the register says of a project


@dataclass
class Expected:
    """The projects expected this week, and where a missing one's finding points."""

    projects: pd.DataFrame  # code, name, manager, manager_email, file, sheet, cell, last
    register: str = ""  # the register used, if any
    findings: list[Finding] = field(default_factory=list)


def _key(codes: pd.Series) -> pd.Series:
    """Codes compare trimmed and case-insensitive, as duplicate trackers do."""
    return codes.astype(str).str.strip().str.upper()


def expected_projects(settings: Settings, previous: pd.DataFrame | None) -> Expected:
    """The register's projects, else the last report's projects not closed."""
    findings: list[Finding] = []
    if settings.register_file:
        frame, findings = validate_register(settings.register_file, settings)
        if frame is not None:
            rows = frame.assign(file=settings.register_file, last=pd.NaT)
            return Expected(rows, settings.register_file, findings)
    if previous is None or previous.empty:
        return Expected(pd.DataFrame(columns=["code", *WHO, "file", "sheet", "cell", "last"]),
                        findings=findings)
    prev = previous[~PHASE.means(previous["phase"], DONE).to_numpy()]
    rows = pd.DataFrame({
        "code": prev["project"], **{k: prev.get(k) for k in WHO},
        "file": prev.get("source_file"), "sheet": "", "cell": "", "last": prev["as_of"],
    })
    return Expected(rows.reset_index(drop=True), findings=findings)


@dataclass
class Collected:
    missing: pd.DataFrame  # one row per expected project with no usable tracker
    findings: list[Finding]
    managers: pd.DataFrame  # project -> manager, manager_email (register first, else card)


def collect(expected: Expected, cards: pd.DataFrame, cells: dict[str, dict[str, str]],
            sheet_names: dict[str, dict[str, str]], previous: pd.DataFrame | None
            ) -> Collected:
    """Who did not send a usable tracker (``TRACKER_MISSING``), who is not registered
    (``TRACKER_NOT_REGISTERED``), and the manager of every project."""
    exp = expected.projects
    got = _key(cards["code"])
    missing = exp[~_key(exp["code"]).isin(set(got))]
    findings = list(expected.findings)
    for _, row in missing.iterrows():
        basis = ({"register": True} if expected.register
                 else {"last": pd.Timestamp(row["last"]).date().isoformat()})
        findings.append(make_finding(
            "TRACKER_MISSING", file=str(row["file"] or ""), sheet=str(row["sheet"] or ""),
            cell=str(row["cell"] or ""), value=row["code"], project=str(row["code"]),
            name=_text(row["name"]), basis=basis))
    if expected.register:
        registered = set(_key(exp["code"]))
        for i in (~got.isin(registered)).to_numpy().nonzero()[0]:
            file = cards["source_file"].iat[i]
            findings.append(make_finding(
                "TRACKER_NOT_REGISTERED", file=file, sheet=sheet_names[file].get("project", ""),
                cell=cells[file].get("code", ""), value=cards["code"].iat[i]))
    return Collected(_missing_rows(missing, previous), findings,
                     _managers(exp, cards, expected.register))


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _missing_rows(missing: pd.DataFrame, previous: pd.DataFrame | None) -> pd.DataFrame:
    """A missing project's row: its last recorded figures (dated by their reporting date)
    where the history has them, what the register says of it, and "No report"."""
    if previous is not None and len(previous):
        last = previous.assign(_key=_key(previous["project"])).drop_duplicates("_key")
        rows = last.set_index("_key").reindex(_key(missing["code"])).reset_index(drop=True)
    else:
        rows = pd.DataFrame(index=range(len(missing)))
    rows["project"] = missing["code"].to_numpy()
    for k in WHO:
        given = missing[k].to_numpy() if k in missing else None
        if given is not None:
            rows[k] = pd.Series(given).where(pd.Series(given).notna(), rows.get(k)).to_numpy()
    if "as_of" not in rows:
        rows["as_of"] = pd.NaT
    rows["as_of"] = pd.to_datetime(rows["as_of"])
    rows["reporting"] = NO_REPORT
    first = ["project", *WHO, "as_of", "reporting"]
    return rows[first + [c for c in rows.columns if c not in first]].reset_index(drop=True)


def _managers(expected: pd.DataFrame, cards: pd.DataFrame, register: str) -> pd.DataFrame:
    """project -> manager and manager e-mail: with a register, the register's where it
    gives one, else the card's; without, the card's, else the last report's."""
    sources = [(expected["code"], expected["manager"], expected["manager_email"]),
               (cards["code"], cards.get("manager"), cards.get("manager_email"))]
    who: dict[str, dict[str, object]] = {}
    for codes, managers, emails in (reversed(sources) if register else sources):
        for i, code in enumerate(codes):
            entry = who.setdefault(str(code).strip().upper(),
                                   {"project": code, "manager": None, "manager_email": None})
            for k, values in (("manager", managers), ("manager_email", emails)):
                if values is not None and _text(values.iat[i]):
                    entry[k] = values.iat[i]
    return pd.DataFrame(list(who.values()), columns=["project", "manager", "manager_email"])
