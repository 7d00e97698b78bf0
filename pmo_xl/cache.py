"""What was read last time, so a re-run only reads the trackers that changed.

A tracker's validated content (typed card and tables, findings, cells) depends on its
bytes, its path, the settings that shape reading and typing, and pmo-xl's own reading
code. The cache keys each file by path and a hash of its content (a copy that keeps
the modification time, or an edit that keeps the size, is still seen), and the whole
cache by a fingerprint of the rest: any change there and nothing is reused.

Layout: ``<folder>/current.json`` names a generation folder holding one Arrow (Feather)
file per table, the cards and the findings, and ``files.json`` (per-file keys, cells,
sheet names). A run writes a new generation, then switches ``current.json`` atomically:
a crash mid-write leaves the previous cache, and a damaged cache is ignored, never
trusted. Arrow and JSON only: nothing in the cache can run code when loaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd
import pyarrow.feather as feather

from pmo_xl._version import __version__
from pmo_xl.atomic import atomic_path
from pmo_xl.findings import FINDING_COLUMNS, Finding
from pmo_xl.settings import Settings
from pmo_xl.validate import Validated

FORMAT = 3  # 2: findings hold codes and parameters, no language; 3: grid cells traced
# What shapes a result (the schedules' conversion too: a schedule is read as a tracker).
_CODE = ("reader", "schema", "validate", "schedules", "findings.py", "cache.py")
_FINDING_KINDS = ("file", "table")


def content_hash(path: Path) -> str:
    """BLAKE2b of the file's bytes (a 80 KB tracker hashes in well under a millisecond)."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "blake2b").hexdigest()[:32]


def _code_digest() -> str:
    """Hash of pmo-xl's reading and validation source, so a code change invalidates."""
    root = Path(__file__).resolve().parent
    h = hashlib.blake2b(__version__.encode(), digest_size=16)
    for name in _CODE:
        target = root / name
        for f in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            h.update(f.relative_to(root).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def fingerprint(settings: Settings) -> str:
    """Everything besides a file's bytes that its validated content depends on."""
    shaping = {"format": FORMAT, "code": _code_digest(), "risk_scale": settings.risk_scale,
               "limits": settings.limits.model_dump(),
               "aliases": settings.aliases.model_dump()}  # a new mapping reads anew
    return hashlib.blake2b(json.dumps(shaping, sort_keys=True, default=str).encode(),
                           digest_size=16).hexdigest()


@dataclass
class Lookup:
    """A run's split: what the cache holds, and the files to read."""

    cached: Validated | None
    to_read: list[Path]
    keys: dict[str, str]  # file -> content hash, for every file of the run


class ReadCache:
    """The cache of validated trackers kept in ``folder``."""

    def __init__(self, folder: str | Path, settings: Settings) -> None:
        self.folder = Path(folder)
        self.fingerprint = fingerprint(settings)

    def lookup(self, files: list[Path]) -> Lookup:
        keys: dict[str, str] = {}
        for f in files:
            try:
                keys[str(f)] = content_hash(f)
            except OSError:
                keys[str(f)] = ""  # unreadable now: read it, and let the reader say why
        stored = self._load()
        if stored is None:
            return Lookup(None, list(files), keys)
        held, validated = stored
        hit = {f for f, k in keys.items() if k and held.get(f) == k}
        to_read = [f for f in files if str(f) not in hit]
        return Lookup(validated.only(hit) if hit else None, to_read, keys)

    def save(self, validated: Validated, keys: dict[str, str]) -> None:
        """Keep ``validated`` (the run's files only) as the new generation."""
        generation = uuid.uuid4().hex[:12]
        target = self.folder / generation
        target.mkdir(parents=True, exist_ok=True)
        try:
            self._write(target, validated, keys)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)  # never a half-written generation
            raise
        with atomic_path(self.folder / "current.json") as tmp:
            tmp.write_text(json.dumps({"format": FORMAT, "fingerprint": self.fingerprint,
                                       "generation": generation}), encoding="utf-8")
        for old in self.folder.iterdir():
            if old.is_dir() and old.name != generation:
                shutil.rmtree(old, ignore_errors=True)

    @staticmethod
    def _write(target: Path, validated: Validated, keys: dict[str, str]) -> None:
        for key, table in validated.tables.items():
            feather.write_feather(table, target / f"table_{key}.arrow")
        feather.write_feather(validated.cards, target / "cards.arrow")
        rows = [{**asdict(f), "kind": kind} for kind in _FINDING_KINDS
                for f in getattr(validated, f"{kind}_findings")]
        feather.write_feather(pd.DataFrame(rows, columns=[*FINDING_COLUMNS, "kind"]),
                              target / "findings.arrow")
        meta = {"files": validated.files, "keys": {f: keys.get(f, "") for f in validated.files},
                "cells": validated.cells, "sheet_names": validated.sheet_names,
                "tables": list(validated.tables)}
        (target / "files.json").write_text(json.dumps(meta), encoding="utf-8")

    def _load(self) -> tuple[dict[str, str], Validated] | None:
        """The stored generation, or None when missing, stale or damaged."""
        try:
            current = json.loads((self.folder / "current.json").read_text(encoding="utf-8"))
            if current.get("fingerprint") != self.fingerprint:
                return None
            where = self.folder / os.path.basename(str(current["generation"]))
            meta = json.loads((where / "files.json").read_text(encoding="utf-8"))
            findings = feather.read_feather(where / "findings.arrow")
            by_kind = {kind: [Finding(**{c: str(r[c]) for c in FINDING_COLUMNS})
                              for r in findings[findings["kind"] == kind].to_dict("records")]
                       for kind in _FINDING_KINDS}
            validated = Validated(
                files=list(meta["files"]),
                cards=feather.read_feather(where / "cards.arrow"),
                tables={k: feather.read_feather(where / f"table_{k}.arrow")
                        for k in meta["tables"]},
                file_findings=by_kind["file"],
                table_findings=by_kind["table"],
                cells=meta["cells"],
                sheet_names=meta["sheet_names"],
            )
            return dict(meta["keys"]), validated
        except Exception:  # damaged, or written by something else: start afresh
            return None
