"""Every portfolio figure, each a pure function on DataFrames with a hand-computed test."""
