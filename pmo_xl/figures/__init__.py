"""The registry of figures: what every output calls each column, how it formats and
colours it, and which columns each table, slide and formula shows (see
``docs/architecture.md``)."""

from pmo_xl.figures.kinds import FORMATS
from pmo_xl.figures.present import rows_of, shown, texts, yes_no
from pmo_xl.figures.registry import VIEWS, Figure, View, figure, label, sheet_title, term, view

__all__ = ["FORMATS", "VIEWS", "Figure", "View", "figure", "label", "rows_of", "sheet_title",
           "shown", "term", "texts", "view", "yes_no"]
