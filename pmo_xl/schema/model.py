"""Building blocks of the tracker schema: enumerations, fields, sheets.

The contract (``shared/tracker-contract.md``) is held once, in ``contract.py``, with
these types; the template, the reader, the validator and the reference doc all read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from pmo_xl.schema.normalize import normalize_label, strip_unit


class FieldType(StrEnum):
    """How a cell's value is read and typed."""

    TEXT = "text"
    DATE = "date"
    MONTH = "month"  # a date; any day of the month means that month
    NUMBER = "number"
    INTEGER = "integer"
    ENUM = "enum"


class SheetKind(StrEnum):
    CARD = "card"  # label / value pairs (the Project sheet)
    TABLE = "table"  # a header row and one record per row


@dataclass(frozen=True)
class Choice:
    """One word of an enumeration, in English (the portfolio's canonical value) and French."""

    en: str
    fr: str

    def label(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True)
class Choices:
    """An enumeration: accepts the English or French word, any case or accents."""

    key: str
    choices: tuple[Choice, ...]

    @property
    def english(self) -> tuple[str, ...]:
        return tuple(c.en for c in self.choices)

    def labels(self, lang: str) -> tuple[str, ...]:
        return tuple(c.label(lang) for c in self.choices)

    def lookup(self) -> dict[str, str]:
        """Normalised EN and FR words -> canonical English word."""
        table: dict[str, str] = {}
        for c in self.choices:
            table[normalize_label(c.en)] = c.en
            table[normalize_label(c.fr)] = c.en
        return table

    def translate(self, english: str, lang: str) -> str:
        for c in self.choices:
            if c.en == english:
                return c.label(lang)
        return english


@dataclass(frozen=True)
class Field:
    """One column of a table sheet, or one label of the card sheet."""

    key: str
    en: str
    fr: str
    type: FieldType = FieldType.TEXT
    required: bool = False  # the column (or label) must be present
    value_required: bool = False  # a blank value is an error
    row_key: bool = False  # the row cannot be used without this value
    choices: Choices | None = None
    minimum: float | None = None
    maximum: float | None = None
    help_en: str = ""
    help_fr: str = ""
    aliases: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en

    def help(self, lang: str) -> str:
        return self.help_fr if lang == "fr" else self.help_en

    def names(self) -> tuple[str, ...]:
        return (self.en, self.fr, *self.aliases)


@dataclass(frozen=True)
class Sheet:
    """One sheet of the tracker: its names, kind, fields and rules."""

    key: str
    en: str
    fr: str
    kind: SheetKind
    required: bool
    fields: tuple[Field, ...]
    help_en: str = ""
    help_fr: str = ""
    id_field: str | None = None  # duplicate values are flagged
    _by_key: dict[str, Field] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_key.update({f.key: f for f in self.fields})

    def label(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en

    def help(self, lang: str) -> str:
        return self.help_fr if lang == "fr" else self.help_en

    def field(self, key: str) -> Field:
        return self._by_key[key]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    def matcher(self) -> LabelMatcher:
        return LabelMatcher(self.fields)


class LabelMatcher:
    """Maps a header or label as typed by a PM to a field key.

    The full normalised label wins; the label without its trailing unit is used only
    where it names one field (``Budget (days)`` and ``Budget (€)`` both strip to
    ``budget``, so a bare ``Budget`` matches neither).
    """

    def __init__(self, fields: tuple[Field, ...]) -> None:
        self.exact: dict[str, str] = {}
        stripped: dict[str, set[str]] = {}
        for f in fields:
            for name in f.names():
                self.exact.setdefault(normalize_label(name, keep_unit=True), f.key)
                stripped.setdefault(strip_unit(normalize_label(name, keep_unit=True)), set()).add(
                    f.key
                )
        self.loose = {k: next(iter(v)) for k, v in stripped.items() if len(v) == 1}
        self._seen: dict[str, str | None] = {}  # headers repeat across trackers

    def match(self, text: object) -> str | None:
        if not isinstance(text, str):
            return None
        if text in self._seen:
            return self._seen[text]
        key = None
        if text.strip():
            full = _normalized(text)
            key = self.exact[full] if full in self.exact else self.loose.get(strip_unit(full))
        if len(self._seen) < 1 << 16:
            self._seen[text] = key
        return key


@lru_cache(maxsize=1 << 16)
def _normalized(text: str) -> str:
    """Headers and labels repeat across trackers: normalise each distinct text once."""
    return normalize_label(text, keep_unit=True)
