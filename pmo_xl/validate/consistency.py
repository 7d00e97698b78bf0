"""Cross-field and cross-sheet rules: values that are readable but suspicious (warnings).

They run once over the whole portfolio; only flagged rows cost Python work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pmo_xl.schema.contract import DONE, MEASURES, MILESTONE_STATUS, PROJECT
from pmo_xl.schema.rules import field_ref
from pmo_xl.validate.checker import Findings


@dataclass
class Context:
    tables: dict[str, pd.DataFrame]
    cards: pd.DataFrame  # used trackers' cards: source_file + card keys
    cells: dict[str, dict[str, str]]  # file -> card key -> cell
    letters: dict[tuple[str, str], dict[str, str]]  # (sheet key, file) -> field -> letter
    sheet_names: dict[str, dict[str, str]]  # file -> contract key -> sheet name
    out: Findings

    def where(self, key: str, file: str, field: str, source_row: int,
              source_cell: object = None) -> tuple[str, str]:
        """(sheet name, cell) of a field on a row, as the PM will look it up. A record
        of a grid names its own value cell (``source_cell``, "Sheet!K7"): its measure is
        there, its other fields on the same row of that sheet."""
        letter = self.letters.get((key, file), {}).get(field, "")
        sheet = self.sheet_names[file].get(key, key)
        if isinstance(source_cell, str):
            sheet, cell = source_cell.rsplit("!", 1)
            if field in MEASURES.values or not letter:
                return sheet, cell
        return sheet, f"{letter}{int(source_row)}" if letter else ""

    def report(self, code: str, key: str, df: pd.DataFrame, mask: np.ndarray | pd.Series,
               field: str, value: str | None = None, **params: object) -> None:
        """One finding per flagged row, at ``field``'s cell; ``value`` names a column."""
        hit = df[np.asarray(mask, dtype=bool)]
        for _, r in hit.iterrows():
            sheet, cell = self.where(key, r["source_file"], field, r["source_row"],
                                     r.get("source_cell"))
            shown = r[value] if value else r[field]
            extra = {k: (v(r) if callable(v) else v) for k, v in params.items()}
            self.out.add(code, r["source_file"], sheet, cell, _text(shown), **extra)


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _month(ts: pd.Timestamp) -> str:
    """A month as a finding parameter (ISO: rendered mm/yyyy when shown)."""
    return pd.Timestamp(ts).date().isoformat()


def _per_row(df: pd.DataFrame, cards: pd.DataFrame, column: str) -> pd.Series:
    """A card value (``as_of``…) aligned with each row of a table, by project file."""
    lookup = cards.set_index("source_file")[column]
    return pd.Series(lookup.reindex(df["source_file"]).to_numpy(), index=df.index)


def portfolio_date(as_of: pd.Series, given: dt.date | None = None,
                   today: dt.date | None = None) -> dt.date | None:
    """The date the portfolio speaks for (contract v1.1): the one the settings give, else
    the date most trackers give, the latest of the most common; a date after ``today``
    (a typo a year ahead) never dates the portfolio."""
    if given is not None:
        return given
    dates = as_of.dropna()
    if today is not None:
        dates = dates[dates <= pd.Timestamp(today)]
    if dates.empty:
        return None
    counts = dates.value_counts()
    return max(counts[counts == counts.max()].index).date()


def check_project(ctx: Context, when: dt.date | None) -> pd.DataFrame:
    """On the cards in use: a reporting date after the day of the run (an error: the
    portfolio's date ``when`` is used instead, so the project is kept), a date more than
    the staleness limit away from the portfolio's (stale), end dates before the start.
    Returns the cards with those reporting dates replaced."""
    cards, settings = ctx.cards.copy(), ctx.out.settings
    today = pd.Timestamp(settings.reference_date)
    portfolio = pd.Timestamp(when) if when is not None else today
    for i in np.flatnonzero((cards["as_of"] > today).to_numpy()):
        file, as_of = cards["source_file"].iat[i], cards["as_of"].iat[i]
        ctx.out.add("REPORT_IN_FUTURE", file, ctx.sheet_names[file].get("project", ""),
                    ctx.cells[file].get("as_of", ""), as_of.date().isoformat(),
                    as_of=as_of.date().isoformat(), today=today.date().isoformat(),
                    used=portfolio.date().isoformat())
        cards.loc[cards.index[i], "as_of"] = portfolio
    age = (portfolio - cards["as_of"]).dt.days
    for i in np.flatnonzero((age.abs() > settings.staleness_days).to_numpy()):
        file, as_of = cards["source_file"].iat[i], cards["as_of"].iat[i]
        ctx.out.add("REPORT_STALE", file, ctx.sheet_names[file].get("project", ""),
                    ctx.cells[file].get("as_of", ""), as_of.date().isoformat(),
                    as_of=as_of.date().isoformat(), age=int(abs(age.iat[i])),
                    limit=settings.staleness_days, portfolio=portfolio.date().isoformat())
    for key in ("end_baseline", "end_forecast"):
        early = (cards[key] < cards["start"]).to_numpy()
        for i in np.flatnonzero(early):
            file = cards["source_file"].iat[i]
            ctx.out.add("END_BEFORE_START", file, ctx.sheet_names[file].get("project", ""),
                        ctx.cells[file].get(key, ""), cards[key].iat[i].strftime("%d/%m/%Y"),
                        column=field_ref(PROJECT.key, key))
    return cards


def check_workload(ctx: Context) -> None:
    wl = ctx.tables["workload"]
    months = ctx.cards.assign(_ref=ctx.cards["as_of"].dt.to_period("M").dt.to_timestamp())
    as_of_month = _per_row(wl, months, "_ref")
    future = (wl["month"] > as_of_month) & (wl["actual"].fillna(0) > 0)
    past = (wl["month"] < as_of_month) & (wl["remaining"].fillna(0) > 0)
    for code, mask, field in (("ACTUAL_IN_FUTURE", future, "actual"),
                              ("REMAINING_IN_PAST", past, "remaining")):
        # Only flagged rows are copied and have their months formatted.
        flagged = wl[mask.to_numpy()].assign(_ref=as_of_month[mask])
        ctx.report(code, "workload", flagged, np.ones(len(flagged), bool), field,
                   month=lambda r: _month(r["month"]), as_of_month=lambda r: _month(r["_ref"]))


def _known_in_file(files: pd.Series, keys: pd.Series, known_files: pd.Series,
                   known_keys: pd.Series) -> np.ndarray:
    """Whether each (file, key) is among the known ones of the same tracker, keys
    compared without case. Works on codes: each distinct text is folded once."""
    n = len(files)
    file_codes, _ = pd.factorize(pd.concat([files, known_files], ignore_index=True))
    key_codes, uniques = pd.factorize(pd.concat([keys, known_keys], ignore_index=True)
                                      .astype("str"))
    folded, _ = pd.factorize(pd.Index([str(u).casefold() for u in uniques], dtype=object))
    folded = np.append(folded, -1)  # code -1 (missing) stays missing
    key_codes = folded[key_codes]
    combined = file_codes.astype(np.int64) * (len(uniques) + 1) + key_codes
    known = combined[n:][key_codes[n:] >= 0]
    return np.isin(combined[:n], known) & (key_codes[:n] >= 0)


def check_rates(ctx: Context) -> None:
    """Days with no daily rate (on the row or for the role) have no cost.

    Only for trackers that price their workload at all: one with no rate anywhere
    does not track cost, and its cost figures are unknown rather than wrong.
    """
    wl, rates = ctx.tables["workload"], ctx.tables["rates"]
    priced_files = pd.concat([rates.loc[rates["rate"].notna(), "source_file"],
                              wl.loc[wl["rate"].notna(), "source_file"]]).unique()
    has_rate = _known_in_file(wl["source_file"], wl["role"], rates["source_file"],
                              rates["role"])
    days = wl["actual"].fillna(0) + wl["remaining"].fillna(0)
    unpriced = wl["source_file"].isin(priced_files) & wl["rate"].isna() & (days > 0) & ~has_rate
    if not unpriced.any():
        return
    missing = wl[unpriced].assign(days=days[unpriced], role=wl["role"][unpriced].fillna("—"))
    for (file, role), group in missing.groupby(["source_file", "role"], sort=True):
        first = group.loc[group["source_row"].idxmin()]
        field = "role" if ctx.letters.get(("workload", file), {}).get("role") else "month"
        sheet, cell = ctx.where("workload", file, field, first["source_row"],
                                first.get("source_cell"))
        ctx.out.add("RATE_MISSING", file, sheet, cell, role, role=role,
                    days=float(group["days"].sum()))


def check_milestones(ctx: Context) -> None:
    ms = ctx.tables["milestones"]
    done = MILESTONE_STATUS.means(ms["status"], DONE)
    ctx.report("MILESTONE_DONE_NO_DATE", "milestones", ms, done & ms["actual_date"].isna(),
               "actual_date")
    dated = ms["actual_date"].notna() & ms["status"].notna() & ~done
    ctx.report("MILESTONE_DATE_NOT_DONE", "milestones", ms, dated, "status",
               choices=MILESTONE_STATUS.key)
    # A forecast the reporting date has passed, on a milestone neither met nor dated:
    # the plan says something the PM already knows is false.
    as_of = _per_row(ms, ctx.cards, "as_of")
    passed = (ms["forecast_date"] < as_of) & ~done & ms["actual_date"].isna()
    flagged = ms[passed.to_numpy()].assign(_as_of=as_of[passed])
    ctx.report("MILESTONE_FORECAST_PASSED", "milestones", flagged,
               np.ones(len(flagged), bool), "forecast_date",
               as_of=lambda r: pd.Timestamp(r["_as_of"]).date().isoformat())


def check_risks(ctx: Context) -> None:
    rk = ctx.tables["risks"]
    computed = rk["probability"] * rk["impact"]
    given = rk["criticality_given"]
    differs = given.notna() & computed.notna() & (given != computed)
    ctx.report("CRITICALITY_MISMATCH", "risks", rk.assign(_c=computed), differs,
               "criticality_given", computed=lambda r: float(r["_c"]))


def check_actions(ctx: Context) -> None:
    act, rk = ctx.tables["actions"], ctx.tables["risks"]
    linked = act["risk_id"]
    unknown = linked.notna().to_numpy() & ~_known_in_file(
        act["source_file"], linked, rk["source_file"], rk["id"])
    ctx.report("RISK_ID_UNKNOWN", "actions", act, unknown, "risk_id")


def check_consistency(ctx: Context) -> None:
    """Every check that needs one tracker only (``check_project`` depends on the run
    date, and runs on the portfolio's cards each time)."""
    check_workload(ctx)
    check_rates(ctx)
    check_milestones(ctx)
    check_risks(ctx)
    check_actions(ctx)
