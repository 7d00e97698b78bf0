"""A PMO's own tracker format, mapped onto the contract (the settings' ``[aliases]``).

The contract's labels stay the default; a mapping adds the house's sheet names, column
headers and card labels to them, and maps house words onto the contract's enumerations
and scales ("Vigilance" -> Amber, "Fort" -> 3). ``mapped_sheets`` gives the schema the
reader and the validator use for a mapping; ``check`` says what is wrong with one, by
key, before any tracker is read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from pmo_xl.schema.contract import SHEETS, SHEETS_BY_KEY, WORKLOAD_GRID
from pmo_xl.schema.model import Choice, Choices, Field, FieldType, Sheet
from pmo_xl.schema.normalize import normalize_label, strip_unit

TABLES = tuple(s.key for s in SHEETS)  # what a mapping may name
RISK_SCALE_MAX = 5  # the settings may widen the risk scale to 1-5

Labels = tuple[str, ...]
Target = str | float


@dataclass(frozen=True)
class Mapping:
    """A mapping, hashable (one mapped schema per mapping, built once)."""

    sheets: tuple[tuple[str, Labels], ...] = ()  # sheet key -> house names
    fields: tuple[tuple[str, str, Labels], ...] = ()  # (sheet, field, house labels)
    values: tuple[tuple[str, str, tuple[tuple[str, Target], ...]], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.sheets or self.fields or self.values)

    def labels(self, sheet: str, key: str) -> Labels:
        return next((labels for s, k, labels in self.fields if (s, k) == (sheet, key)), ())

    def sheet_names(self, sheet: str) -> Labels:
        return next((names for s, names in self.sheets if s == sheet), ())


class MappingProblem(ValueError):
    """A mapping that cannot be used: why (a reason key), at which key, with what."""

    def __init__(self, reason: str, key: str, value: object, **ctx: object) -> None:
        super().__init__(f"{key}: {reason}")
        self.reason, self.key, self.value, self.ctx = reason, key, value, ctx


def _label_owner(sheet: Sheet, mapping: Mapping, where: str) -> None:
    """A label given to two fields is refused: the same label, or a label without a
    unit that reads as another field's once units are set aside ("Remaining" is the
    contract's "Remaining (days)")."""
    owner: dict[str, str] = {}
    loose: dict[str, str] = {}
    for f in sheet.fields:
        for name in f.names():
            norm = normalize_label(name, keep_unit=True)
            owner.setdefault(norm, f.key)
            loose.setdefault(strip_unit(norm), f.key)
    for f in sheet.fields:
        for label in mapping.labels(sheet.key, f.key):
            norm = normalize_label(label, keep_unit=True)
            other = owner.setdefault(norm, f.key)
            if other == f.key and norm == strip_unit(norm):
                other = loose.setdefault(norm, f.key)
            if not norm or other != f.key:
                raise MappingProblem("alias_taken", f"{where}.{f.key}", label,
                                     other=f"{sheet.key}.{other}")


def target_value(f: Field, target: object, key: str, risk_scale: int = RISK_SCALE_MAX
                 ) -> Target:
    """The contract value a house word maps to: an enumeration's value (its English or
    French word accepted), or a number within the field's scale."""
    if f.type is FieldType.ENUM and f.choices is not None:
        found = f.choices.lookup().get(normalize_label(str(target)))
        if found is None:
            raise MappingProblem("alias_not_in_list", key, target,
                                 allowed=", ".join(f.choices.values))
        return found
    if f.type in (FieldType.INTEGER, FieldType.NUMBER) and (
            f.minimum is not None or f.maximum is not None):
        high = risk_scale if f.key in ("probability", "impact") else f.maximum
        if isinstance(target, bool) or not isinstance(target, int | float) or (
                f.minimum is not None and target < f.minimum) or (
                high is not None and target > high):
            raise MappingProblem("alias_out_of_scale", key, target, low=f.minimum, high=high)
        return float(target)
    raise MappingProblem("alias_no_values", key, target)


def check(mapping: Mapping, risk_scale: int = RISK_SCALE_MAX) -> None:
    """Raise ``MappingProblem`` for the first key that cannot be used: an unknown sheet
    or field, a label two fields (or two sheets) would share, a value mapped outside its
    enumeration or scale."""
    sheet_owner = {normalize_label(n): s.key for s in SHEETS for n in (s.en, s.fr)}
    for key, names in mapping.sheets:
        if key not in TABLES:
            raise MappingProblem("alias_unknown", f"sheets.{key}", None,
                                 known=", ".join(TABLES))
        for name in names:
            other = sheet_owner.setdefault(normalize_label(name), key)
            if not normalize_label(name) or other != key:
                raise MappingProblem("alias_taken", f"sheets.{key}", name,
                                     other=f"sheets.{other}")
    for table in TABLES:
        sheet = SHEETS_BY_KEY[table]
        for t, key, _ in mapping.fields:
            if t == table and key not in sheet.keys:
                raise MappingProblem("alias_unknown", f"{table}.{key}", None,
                                     known=", ".join(sheet.keys))
        _label_owner(sheet, mapping, table)
    for table, key, words in mapping.values:
        where = f"values.{table}.{key}"
        if table not in TABLES:
            raise MappingProblem("alias_unknown", f"values.{table}", None,
                                 known=", ".join(TABLES))
        sheet = SHEETS_BY_KEY[table]
        if key not in sheet.keys:
            raise MappingProblem("alias_unknown", where, None, known=", ".join(sheet.keys))
        for word, target in words:
            target_value(sheet.field(key), target, f"{where}.{word}", risk_scale)


def _field(f: Field, sheet: str, mapping: Mapping) -> Field:
    labels = mapping.labels(sheet, f.key)
    words = next((w for s, k, w in mapping.values if (s, k) == (sheet, f.key)), ())
    if not labels and not words:
        return f
    out = replace(f, aliases=(*f.aliases, *labels))
    if words and f.choices is not None:
        targets = {w: target_value(f, t, f.key) for w, t in words}
        out = replace(out, choices=_with_words(f.choices, targets))
    elif words:
        out = replace(out, words=tuple((normalize_label(w), float(t)) for w, t in words))
    return out


def _with_words(choices: Choices, targets: dict[str, Target]) -> Choices:
    return replace(choices, choices=tuple(
        replace(c, aliases=(*c.aliases, *(w for w, t in targets.items() if t == c.value)))
        for c in choices.choices))


@lru_cache(maxsize=16)
def mapped_sheets(mapping: Mapping) -> dict[str, Sheet]:
    """The contract's sheets with the house's names, labels and words added (the
    contract's own when the mapping is empty): by key, the workload's grid form too."""
    if not mapping:
        return dict(SHEETS_BY_KEY)
    out = {s.key: replace(s, aliases=mapping.sheet_names(s.key),
                          fields=tuple(_field(f, s.key, mapping) for f in s.fields))
           for s in SHEETS}
    workload = out["workload"]
    out["workload_grid"] = replace(WORKLOAD_GRID, fields=tuple(
        workload.field(f.key) if f.key in workload.keys else f for f in WORKLOAD_GRID.fields))
    return {**SHEETS_BY_KEY, **out}


def house_label(sheet: Sheet, key: str, header: object) -> str:
    """The header as typed when it is a house label (not one of the contract's), for
    findings that speak the house's words; else ""."""
    if not isinstance(header, str) or sheet is SHEETS_BY_KEY.get(sheet.key):
        return ""
    contract = SHEETS_BY_KEY[sheet.key].matcher()
    return "" if contract.match(header) == key else header.strip()


def _first_word(choices: Choices, words: dict[str, Target]) -> Choices:
    """An enumeration shown in the house's words: each value's first house word."""
    def shown(c: Choice) -> Choice:
        word = next((w for w, t in words.items() if t == c.value), None)
        return c if word is None else replace(c, key=c.value, en=word, fr=word,
                                              aliases=(*c.aliases, c.en, c.fr))
    return replace(choices, choices=tuple(shown(c) for c in choices.choices))


@lru_cache(maxsize=16)
def house_sheets(mapping: Mapping) -> dict[str, Sheet]:
    """The sheets as a house names them, for templates in its format (``new-tracker
    --house``): each sheet, label and enumeration word the mapping gives is shown by
    its first one, the contract's still read."""
    def field_of(f: Field, sheet: str) -> Field:
        labels = mapping.labels(sheet, f.key)
        words = dict(next((w for s, k, w in mapping.values if (s, k) == (sheet, f.key)), ()))
        out = f if not labels else replace(f, en=labels[0], fr=labels[0],
                                            aliases=(*f.aliases, f.en, f.fr))
        if words and f.choices is not None:
            out = replace(out, choices=_first_word(f.choices, {
                w: target_value(f, t, f.key) for w, t in words.items()}))
        return out

    out = {}
    for s in SHEETS:
        names = mapping.sheet_names(s.key)
        mapped = replace(s, fields=tuple(field_of(f, s.key) for f in s.fields))
        out[s.key] = mapped if not names else replace(mapped, en=names[0], fr=names[0],
                                                      aliases=(s.en, s.fr))
    return {**SHEETS_BY_KEY, **out}
