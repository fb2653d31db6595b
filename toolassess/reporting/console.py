"""The one Rich console of the terminal output: markup never read, control characters shown (textsafe.py)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.segment import Segment

from toolassess.reporting.textsafe import visible

MIN_WIDTH = 20
DEFAULT_WIDTH = 80


class SafeConsole(Console):
    """A Rich console that never interprets markup in strings and shows control characters instead of emitting them.

    Our own styles and cursor controls travel as Segment styles and control segments, which are left alone;
    only the text of the segments is made visible.
    """

    def __init__(self, **options: object) -> None:
        options.setdefault("markup", False)
        options.setdefault("emoji", False)
        super().__init__(**options)  # type: ignore[arg-type]
        if self.width < MIN_WIDTH:  # COLUMNS=0 or a tiny terminal: lay out for a usable width rather than nothing
            self.width = DEFAULT_WIDTH

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control else Segment(visible(segment.text), segment.style, segment.control)
            for segment in buffer
        )
