"""Tolerant matching of sheet names, headers, labels and enumeration words.

The contract says matching ignores case, accents, surrounding and repeated spaces,
and a trailing unit in parentheses: ``Prévu (j/h)`` matches ``prevu``.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007]+")
_UNIT = re.compile(r"\s*\([^()]*\)\s*$")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def strip_unit(text: str) -> str:
    """Drop one trailing ``(unit)``: ``prevu (j/h)`` -> ``prevu``."""
    return _UNIT.sub("", text).strip()


def normalize_label(text: str, *, keep_unit: bool = False) -> str:
    """The comparison key of a label: lower case, no accents, single spaces."""
    out = strip_accents(str(text)).translate(_QUOTES).casefold()
    out = _SPACES.sub(" ", out).strip()
    return out if keep_unit else strip_unit(out)
