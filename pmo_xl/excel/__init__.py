"""Excel integration: UDFs and ribbon macros. xlwings is imported only by the thin
live-Excel adapter (and the ``udfs`` module), never at ``import pmo_xl``."""
