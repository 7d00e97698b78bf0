"""The tracker contract as code: sheets, fields, enumerations and data-quality rules."""

from pmo_xl.schema.contract import CONTRACT_VERSION, SHEETS, SHEETS_BY_KEY, TABLE_SHEETS, sheet
from pmo_xl.schema.model import Choice, Choices, Field, FieldType, Sheet, SheetKind
from pmo_xl.schema.rules import RULES, Rule, Severity

__all__ = [
    "CONTRACT_VERSION", "RULES", "SHEETS", "SHEETS_BY_KEY", "TABLE_SHEETS", "Choice", "Choices",
    "Field", "FieldType", "Rule", "Severity", "Sheet", "SheetKind", "sheet",
]
