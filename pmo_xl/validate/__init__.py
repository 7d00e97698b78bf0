"""Validation: typing located trackers against the contract, every problem a finding."""

from pmo_xl.validate.checker import Findings
from pmo_xl.validate.consistency import Context, check_consistency
from pmo_xl.validate.portfolio import Cards, column_letters, validate_cards, validate_tables

__all__ = ["Cards", "Context", "Findings", "check_consistency", "column_letters",
           "validate_cards", "validate_tables"]
