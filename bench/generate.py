"""A seeded synthetic portfolio at benchmark scale: N trackers of ~2,000 workload rows,
30 milestones, 40 risks and 40 actions each, realistic strings and dates, FR and EN mixed.
Written with XlsxWriter directly (the files are inputs, written once and reused)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import xlsxwriter

from pmo_xl.schema.contract import ACTIONS, MILESTONES, PROJECT, RISKS, WORKLOAD

GENERATOR_VERSION = "2"  # 2: milestones the reporting date passed are done (no finding)
WORDS = ("migration", "interface", "recette", "données", "sécurité", "portail", "reporting",
         "licences", "formation", "pilotage", "cloud", "réseau", "contrat", "qualité")
FIRST = ("Anna", "Bruno", "Chloé", "David", "Emma", "Farid", "Greta", "Henri", "Inès", "Jonas")
LAST = ("Martin", "Bernard", "Dubois", "Smith", "Jones", "Garcia", "Müller", "Rossi")


def _sentence(rng: np.random.Generator, n: int) -> str:
    return " ".join(rng.choice(WORDS, n)).capitalize()


def write_bench_tracker(path: Path, i: int, rng: np.random.Generator, as_of: dt.date,
                        rows: int = 2000, layout: str = "long", lines: bool = False) -> None:
    lang = "fr" if i % 2 else "en"
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                         "strings_to_formulas": False})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    start = as_of - dt.timedelta(days=int(rng.integers(100, 400)))
    card = wb.add_worksheet(PROJECT.label(lang))
    values = {"code": f"B-{i:04d}", "name": _sentence(rng, 3), "manager":
              f"{rng.choice(FIRST)} {rng.choice(LAST)}", "phase": "Build", "start": start,
              "end_baseline": start + dt.timedelta(days=500), "as_of": as_of,
              "budget_days": float(rows * 6), "status": "Green"}
    for r, f in enumerate(PROJECT.fields):
        card.write_string(r, 0, f.label(lang))
        v = values.get(f.key)
        if isinstance(v, dt.date):
            card.write_datetime(r, 1, dt.datetime.combine(v, dt.time()), date)
        elif isinstance(v, float):
            card.write_number(r, 1, v)
        elif v is not None:
            card.write_string(r, 1, f.choices.translate(v, lang) if f.choices else v)
    months = [dt.date(start.year + (start.month - 1 + k) // 12, (start.month - 1 + k) % 12 + 1,
                      1) for k in range(20)]
    month_idx = rng.integers(0, len(months), rows)
    if lines:  # a plan as PMs keep it: each task and resource across every month
        month_idx = np.arange(rows) % len(months)
    planned = rng.integers(1, 15, rows).astype(float)
    records = []
    for r in range(rows):
        m = months[month_idx[r]]
        line = r // len(months) if lines else r
        records.append((f"Lot {line % 7}", f"Tâche {line}" if lines else
                        _sentence(rng, 2) if r % 50 == 0 else f"Tâche {r % 40}",
                        f"Res {line % 25}", ("Dev", "PM", "Architect", "Tester")[line % 4], m,
                        planned[r], round(planned[r] * 1.05, 1) if m <= as_of else None,
                        planned[r] if m >= as_of.replace(day=1) else None))
    ws = wb.add_worksheet(WORKLOAD.label(lang))
    if layout == "grid":
        _write_grid(ws, records, months, lang, wb)
    else:
        for c, f in enumerate(WORKLOAD.fields):
            ws.write_string(0, c, f.label(lang))
        for r, (lot, task, res, role, m, plan, actual, remaining) in enumerate(records):
            ws.write_string(r + 1, 0, lot)
            ws.write_string(r + 1, 1, task)
            ws.write_string(r + 1, 2, res)
            ws.write_string(r + 1, 3, role)
            ws.write_datetime(r + 1, 4, dt.datetime.combine(m, dt.time()), date)
            ws.write_number(r + 1, 5, plan)
            if actual is not None:
                ws.write_number(r + 1, 6, actual)
            if remaining is not None:
                ws.write_number(r + 1, 7, remaining)
            ws.write_number(r + 1, 8, 600.0)
    ms = wb.add_worksheet(MILESTONES.label(lang))
    for c, f in enumerate(MILESTONES.fields):
        ms.write_string(0, c, f.label(lang))
    for r in range(30):
        base = start + dt.timedelta(days=15 * r)
        ms.write_string(r + 1, 0, f"M{r + 1}")
        ms.write_string(r + 1, 1, _sentence(rng, 2))
        ms.write_datetime(r + 1, 2, dt.datetime.combine(base, dt.time()), date)
        forecast = base + dt.timedelta(days=int(rng.integers(0, 20)))
        ms.write_datetime(r + 1, 3, dt.datetime.combine(forecast, dt.time()), date)
        met = forecast < as_of  # a clean plan: what the reporting date passed is done
        if met:
            ms.write_datetime(r + 1, 4, dt.datetime.combine(forecast, dt.time()), date)
        ms.write_string(r + 1, 5, MILESTONES.field("status").choices.translate(
            "Done" if met else "On track", lang))
    rk = wb.add_worksheet(RISKS.label(lang))
    for c, f in enumerate(RISKS.fields):
        rk.write_string(0, c, f.label(lang))
    for r in range(40):
        rk.write_string(r + 1, 0, f"R{r + 1}")
        rk.write_string(r + 1, 1, _sentence(rng, 4))
        rk.write_number(r + 1, 3, int(rng.integers(1, 5)))
        rk.write_number(r + 1, 4, int(rng.integers(1, 5)))
        rk.write_string(r + 1, 8, RISKS.field("status").choices.translate("Open", lang))
    ac = wb.add_worksheet(ACTIONS.label(lang))
    for c, f in enumerate(ACTIONS.fields):
        ac.write_string(0, c, f.label(lang))
    for r in range(40):
        ac.write_string(r + 1, 0, f"A{r + 1}")
        ac.write_string(r + 1, 1, _sentence(rng, 4))
        ac.write_datetime(r + 1, 4, dt.datetime.combine(as_of + dt.timedelta(days=int(
            rng.integers(-30, 60))), dt.time()), date)
        ac.write_string(r + 1, 5, ACTIONS.field("status").choices.translate("Open", lang))
    wb.close()


def _write_grid(ws, records: list[tuple], months: list[dt.date], lang: str, wb) -> None:
    """The same plan with months across (contract v1.1): one row per task, resource and
    measure; cells of repeated (task, resource, month) summed as the long form sums them."""
    from pmo_xl.schema.contract import MEASURES, WORKLOAD_GRID

    month_fmt = wb.add_format({"num_format": "mmm yyyy"})
    ids = ("workstream", "task", "resource", "role", "rate")
    for c, key in enumerate((*ids, "measure")):
        ws.write_string(0, c, WORKLOAD_GRID.field(key).label(lang))
    for k, m in enumerate(months):
        ws.write_datetime(0, 6 + k, dt.datetime.combine(m, dt.time()), month_fmt)
    sums: dict[tuple, dict[str, dict[dt.date, float]]] = {}
    for lot, task, res, role, m, plan, actual, remaining in records:
        line = sums.setdefault((lot, task, res, role), {})
        for measure, v in (("planned", plan), ("actual", actual), ("remaining", remaining)):
            if v is not None:
                cell = line.setdefault(measure, {})
                cell[m] = cell.get(m, 0.0) + v
    r = 1
    for (lot, task, res, role), line in sums.items():
        for measure in MEASURES.choices:
            if measure.value not in line:
                continue
            for c, v in enumerate((lot, task, res, role)):
                ws.write_string(r, c, v)
            ws.write_number(r, 4, 600.0)
            ws.write_string(r, 5, measure.label(lang))
            for m, v in line[measure.value].items():
                ws.write_number(r, 6 + months.index(m), v)
            r += 1


def make_bench_portfolio(folder: Path, n: int, rows: int = 2000, seed: int = 500,
                         layout: str = "long", lines: bool = False) -> Path:
    """N trackers in ``folder`` (reused when already there), the workload in ``layout``
    (long, or grid: the same plan with months across); ``lines``: each task and resource
    planned across every month (a plan's usual shape) rather than scattered rows."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / "GENERATOR"
    if len(list(folder.glob("*.xlsx"))) == n and stamp.is_file() and \
            stamp.read_text() == GENERATOR_VERSION:
        return folder
    for old in folder.glob("*.xlsx"):
        old.unlink()
    rng = np.random.default_rng(seed)
    as_of = dt.date(2026, 11, 20)
    for i in range(n):
        write_bench_tracker(folder / f"B-{i:04d}.xlsx", i, rng, as_of, rows, layout, lines)
    stamp.write_text(GENERATOR_VERSION)
    return folder
