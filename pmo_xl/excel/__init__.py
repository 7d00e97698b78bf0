"""Excel integration: UDFs and ribbon macros. xlwings is imported only by the thin
live-Excel adapter (and the ``udfs`` module), never at ``import pmo_xl``."""

from __future__ import annotations


def on_ribbon(action: str) -> None:
    """Entry point of every ribbon button (called by the add-in's VBA via RunPython)."""
    from pmo_xl.excel.macros import run_action
    from pmo_xl.excel.xlwings_host import XlwingsHost

    run_action(action, XlwingsHost.active())
