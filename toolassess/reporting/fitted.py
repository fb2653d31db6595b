"""Terminal layouts that fit: the first of several that shows every cell whole at the terminal's width.

Imports Rich only, so that light commands (`tools list` from its cache) need no model layer.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text


class Fitted:
    """The first layout that shows every cell whole at the terminal's width; the last one always fits (cards).

    Rich squeezes a table that is too wide by cutting cells to "…" or cropping the right-hand columns.
    """

    def __init__(self, *layouts: RenderableType) -> None:
        self.layouts = layouts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for layout in self.layouts[:-1]:
            if not isinstance(layout, Table):
                yield layout
                return
            lines = fitting_lines(console, options, layout)
            if lines is not None:  # rendered to test the fit: shown as rendered, not rendered a second time
                for line in lines:
                    yield from line
                return
        yield self.layouts[-1]


def fits(console: Console, options: ConsoleOptions, table: Table) -> bool:
    """Whether the table, rendered at this width, keeps within it and shows every word of every cell unbroken."""
    return fitting_lines(console, options, table) is not None


def fitting_lines(console: Console, options: ConsoleOptions, table: Table) -> list[list[Segment]] | None:
    """The table's lines (each ending with a new line) when it fits (see `fits`), else None.

    Rendering is the only reliable test: Rich's measurements ignore column minimum widths and its shrinking.
    """
    lines = console.render_lines(table, options, pad=False, new_lines=True)
    if any(Segment.get_line_length(line) > options.max_width for line in lines):
        return None
    shown = "\n".join("".join(segment.text for segment in line) for line in lines)
    for column in table.columns:
        if column.overflow == "fold":  # folding breaks long words (URLs) but keeps every character
            continue
        for cell in (column.header, *column.cells):
            words = cell.plain.split() if isinstance(cell, Text) else str(cell).split()
            if any(word not in shown for word in words):
                return None
    return lines


def card(heading: Text, body: Text) -> list[RenderableType]:
    """A narrow-layout entry: a heading line, then its body indented under it."""
    return [heading, Padding(body, (0, 0, 0, 4))]
