"""The resource conflicts slide: the people over capacity across projects (the master's
Resource load sheet, read for the committee)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pptx.util import Emu

from pmo_xl.deck.parts import ROW_HEIGHT, add_table
from pmo_xl.figures import sheet_title, view
from pmo_xl.kpis.portfolio import resource_conflicts
from pmo_xl.schema import text

if TYPE_CHECKING:
    from pmo_xl.deck.slides import Deck

TOP_PEOPLE = 10  # a committee reads the ten most over; the rest is in the master
NOTE = Emu(420000)  # the line above the table (two lines on a narrow slide)
MORE = Emu(400000)  # the "… and N more" line under it
GAP = Emu(80000)


def resource_slide(d: Deck) -> None:
    """The top ten people by days over capacity (fewer when the area is short), each with
    their months over, peak month and the projects sharing them; how many more are over;
    or, when no one is, that line alone."""
    c = d.canvas
    capacity = d.p.settings.capacity_days_per_month
    cap = text.number(capacity, d.lang)
    slide = d.slide(d.t["resources"])
    room = d.rows_fitting(c.height - NOTE - GAP - MORE)
    people = resource_conflicts(d.p.workload, capacity, top=min(TOP_PEOPLE, room))
    if people.empty:
        d.text(slide, c.left, c.top, c.width, min(Emu(500000), c.height),
               d.t["no_conflicts"].format(capacity=cap), size=16)
        return
    d.text(slide, c.left, c.top, c.width, NOTE, d.t["resources_note"].format(capacity=cap),
           size=12, min_size=9)
    table = d.table(view("deck_resources"), people)
    shape = add_table(slide, c.left, c.top + NOTE + GAP, c.width, table.headers, table.rows,
                      table.weights, row_height=ROW_HEIGHT)
    more = people.attrs["over"] - len(people)
    if more > 0:  # never cut silently: how many more, and where they are
        d.text(slide, c.left, shape.top + shape.height + GAP, c.width, MORE - GAP,
               d.t["more_over"].format(n=more, sheet=sheet_title("resources", d.lang)),
               size=11, min_size=9)
