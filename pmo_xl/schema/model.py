"""Building blocks of the tracker schema: enumerations, fields, sheets.

The contract (``shared/tracker-contract.md``) is held once, in ``contract.py``, with
these types; the template, the reader, the validator and the reference doc all read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

import pandas as pd

from pmo_xl.schema.normalize import normalize_label, strip_unit


class FieldType(StrEnum):
    """How a cell's value is read and typed."""

    TEXT = "text"
    DATE = "date"
    MONTH = "month"  # a date; any day of the month means that month
    NUMBER = "number"
    INTEGER = "integer"
    ENUM = "enum"
    EMAIL = "email"  # text that must be an e-mail address


class SheetKind(StrEnum):
    CARD = "card"  # label / value pairs (the Project sheet)
    TABLE = "table"  # a header row and one record per row


class Kind(StrEnum):
    """What a value measures, which decides how every output shows it (format, unit,
    width): the registry of figures (``pmo_xl.figures``) maps each kind to its formats."""

    TEXT = "text"  # a short text: a code, a name of a person
    NOTE = "note"  # free text that wraps: a title, a comment, a mitigation plan
    DATE = "date"
    MONTH = "month"
    EFFORT = "effort"  # days of work (jours-homme)
    DAYS = "days"  # a duration in whole days: a slip, an age, a delay
    MONEY = "money"
    PERCENT = "percent"  # a fraction, shown as a percentage
    RATIO = "ratio"  # an index such as SPI or CPI
    COUNT = "count"
    SCORE = "score"  # a whole number on a scale (1-5, probability × impact)
    POINTS = "points"  # a score out of 100
    MONTHS = "months"  # a duration in months (earned schedule)
    ENUM = "enum"  # a word of an enumeration, translated
    FLAG = "flag"  # yes / no


@dataclass(frozen=True)
class Tone:
    """How a meaning is coloured, in every output: a strong fill (chips, bars, heat-map
    cells) with the text that reads on it, and a light tint (table cells) with its text.
    Colours are RGB hex without '#'."""

    name: str
    fill: str
    on_fill: str
    tint: str
    on_tint: str


@dataclass(frozen=True)
class Choice:
    """One word of an enumeration, in English (the portfolio's canonical value) and
    French, with what it means to the figures (``means``) and its colour."""

    en: str
    fr: str
    means: frozenset[str] = frozenset()
    tone: Tone | None = None
    key: str = ""  # the stored value when it is not the English word (severity: "error")
    aliases: tuple[str, ...] = ()  # other words PMs use for it, accepted when read

    @property
    def value(self) -> str:
        return self.key or self.en

    def label(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True)
class Choices:
    """An enumeration: accepts the English or French word, any case or accents.

    The order of ``choices`` is the enumeration's order (best to worst where that
    means something); ``missing_means`` is what a blank or unreadable value counts as
    (a risk whose status cannot be read counts as open).
    """

    key: str
    choices: tuple[Choice, ...]
    missing_means: frozenset[str] = frozenset()

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def labels(self, lang: str) -> tuple[str, ...]:
        return tuple(c.label(lang) for c in self.choices)

    def lookup(self) -> dict[str, str]:
        """Normalised EN and FR words (and their aliases) -> canonical value."""
        table: dict[str, str] = {}
        for c in self.choices:
            for word in (c.en, c.fr, *c.aliases):
                table[normalize_label(word)] = c.value
        return table

    def choice(self, value: object) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)

    def translate(self, value: str, lang: str) -> str:
        c = self.choice(value)
        return value if c is None else c.label(lang)

    def having(self, meaning: str) -> tuple[str, ...]:
        """The values that mean ``meaning`` (e.g. the open risk statuses)."""
        return tuple(c.value for c in self.choices if meaning in c.means)

    def means(self, values: pd.Series, meaning: str) -> pd.Series:
        """Which values mean ``meaning``, blanks counting as ``missing_means`` says."""
        hit = values.isin(self.having(meaning))
        if meaning in self.missing_means:
            hit = hit | values.isna()
        return hit.fillna(False).astype(bool)

    def words_meaning(self, meaning: str, lang: str) -> list[str]:
        """The words a sheet shows for ``meaning`` in ``lang``; "" stands for a blank
        cell when blanks count too (for COUNTIFS criteria)."""
        words = [self.translate(v, lang) for v in self.having(meaning)]
        return [*words, ""] if meaning in self.missing_means else words

    def rank(self, value: object) -> int | None:
        """Position in the enumeration's order (None for an unknown value)."""
        return next((i for i, c in enumerate(self.choices) if c.value == value), None)

    def tone(self, value: object) -> Tone | None:
        c = self.choice(value)
        return None if c is None else c.tone


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
    kind: Kind | None = None  # what the value measures; by default from its type
    minimum: float | None = None
    maximum: float | None = None
    help_en: str = ""
    help_fr: str = ""
    aliases: tuple[str, ...] = ()
    # A house's words for a number (a mapping's "Fort" = 3): normalised word -> value.
    words: tuple[tuple[str, float], ...] = ()

    def label(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en

    def help(self, lang: str) -> str:
        return self.help_fr if lang == "fr" else self.help_en

    @property
    def measure(self) -> Kind:
        """What the value measures (numbers say it in the contract: days, money, score)."""
        if self.kind is not None:
            return self.kind
        return {FieldType.DATE: Kind.DATE, FieldType.MONTH: Kind.MONTH, FieldType.EMAIL: Kind.TEXT,
                FieldType.ENUM: Kind.ENUM, FieldType.INTEGER: Kind.SCORE,
                FieldType.NUMBER: Kind.EFFORT}.get(self.type, Kind.TEXT)

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
    aliases: tuple[str, ...] = ()  # a house's names for the sheet (settings' mapping)
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

    def names(self) -> tuple[str, ...]:
        return (self.en, self.fr, *self.aliases)

    def matcher(self) -> LabelMatcher:
        """The sheet's label matcher, built once per sheet (headers repeat across
        trackers; a mapped sheet has its own)."""
        found = self.__dict__.get("_matcher")
        if found is None:
            found = LabelMatcher(self.fields)
            object.__setattr__(self, "_matcher", found)
        return found


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
