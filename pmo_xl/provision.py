"""Provisioning trackers: one from the command line, or one per row of a project list."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from pmo_xl.exceptions import InputError, OutputError
from pmo_xl.reader.simple import read_list
from pmo_xl.schedules import Plan, read_schedule
from pmo_xl.schema.contract import PROJECT
from pmo_xl.schema.model import Sheet
from pmo_xl.schema.normalize import normalize_label
from pmo_xl.validate.values import parse_field
from pmo_xl.xlsx import Layout, write_tracker

_LANG_HEADERS = {"lang", "language", "langue"}
_UNSAFE = re.compile(r"[^\w.-]+")


def tracker_filename(code: str, name: str) -> str:
    """``P-001_ERP_roll-out.xlsx``: safe on Windows, macOS and SharePoint."""
    stem = _UNSAFE.sub("_", f"{code}_{name}".strip()).strip("_.")[:80] or "tracker"
    return f"{stem}.xlsx"


def new_tracker(path: str | Path, project: dict[str, object], *, lang: str = "en",
                force: bool = False, layout: Layout = "grid",
                schema: Mapping[str, Sheet] | None = None) -> Path:
    """A tracker ready to fill, with its card pre-filled; never overwrites unless ``force``.
    Its workload is a grid (months across, as PMs plan) unless ``layout`` is "long";
    ``schema``: a house's names for sheets, labels and words (``house_sheets``)."""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        path = path.with_suffix(".xlsx")
    if path.exists() and not force:
        raise OutputError(f"{path} exists; a filled tracker is never overwritten (use --force)",
                          fr=f"{path} existe : un suivi rempli n'est jamais écrasé (--force)")
    if not project.get("code") or not project.get("name"):
        raise InputError("a tracker needs a project code and a project name")
    return write_tracker(path, project, lang=lang, layout=layout, schema=schema)


def projects_from_list(list_path: str | Path, default_lang: str = "en"
                       ) -> list[tuple[dict[str, object], str]]:
    """(project card values, language) per row of a project list (xlsx or csv)."""
    frame = read_list(list_path)
    matcher = PROJECT.matcher()
    mapping: dict[str, str] = {}
    lang_col = None
    for col in frame.columns:
        key = matcher.match(str(col))
        if key and key not in mapping.values():
            mapping[str(col)] = key
        elif normalize_label(str(col)) in _LANG_HEADERS:
            lang_col = col
    if "code" not in mapping.values() or "name" not in mapping.values():
        raise InputError(f"{list_path}: needs a 'Project code' and a 'Project name' column")
    rows: list[tuple[dict[str, object], str]] = []
    typed: dict[str, pd.Series] = {}
    for col, key in mapping.items():
        typed[key], _ = parse_field(frame[col], PROJECT.field(key))
    for i in range(len(frame)):
        card = {k: (None if pd.isna(v.iloc[i]) else v.iloc[i]) for k, v in typed.items()}
        if not card.get("code"):
            continue
        lang = str(frame[lang_col].iloc[i]).strip().lower() if lang_col is not None else ""
        rows.append((card, lang if lang in ("en", "fr") else default_lang))
    return rows


def provision(list_path: str | Path, out_dir: str | Path, *, lang: str = "en",
              force: bool = False, layout: Layout = "grid",
              schema: Mapping[str, Sheet] | None = None) -> tuple[list[Path], list[str]]:
    """One tracker per row; returns the files written and the rows skipped (with why)."""
    out_dir = Path(out_dir)
    written: list[Path] = []
    skipped: list[str] = []
    for card, row_lang in projects_from_list(list_path, lang):
        if not card.get("name"):
            skipped.append(f"{card['code']}: no project name")
            continue
        target = out_dir / tracker_filename(str(card["code"]), str(card["name"]))
        try:
            written.append(new_tracker(target, card, lang=row_lang, force=force,
                                       layout=layout, schema=schema))
        except OutputError as exc:
            skipped.append(str(exc))
    return written, skipped


def import_schedule(schedule: str | Path, out_dir: str | Path, *, code: str | None = None,
                    lang: str = "en", force: bool = False) -> tuple[Path, Plan]:
    """One schedule (MS Project, MSPDI, MPX, Primavera…) as a tracker in ``out_dir``,
    named by its code and name; an existing tracker is never overwritten unless
    ``force`` (``pmo-xl import --update`` refreshes one in place)."""
    plan = read_schedule(schedule, code)
    path = Path(out_dir) / tracker_filename(str(plan.card["code"]), str(plan.card["name"]))
    if path.exists() and not force:
        raise OutputError(f"{path} exists; refresh it with --update {path}, or use --force",
                          fr=f"{path} existe : mettez-le à jour avec --update {path}, ou --force")
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_tracker(path, plan.card, plan.tables, lang=lang, layout="long"), plan
