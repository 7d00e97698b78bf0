"""Validation: typing located trackers against the contract, every problem a finding."""

from pmo_xl.validate.checker import Findings
from pmo_xl.validate.consistency import (
    Context,
    check_consistency,
    check_project,
    portfolio_date,
)
from pmo_xl.validate.portfolio import Cards, column_letters, validate_cards, validate_tables
from pmo_xl.validate.trackers import Validated, in_file_order, merge, validate_trackers

__all__ = [
    "Cards",
    "Context",
    "Findings",
    "Validated",
    "check_consistency",
    "check_project",
    "column_letters",
    "in_file_order",
    "merge",
    "portfolio_date",
    "validate_cards",
    "validate_tables",
    "validate_trackers",
]
