"""Work that the plans of one run have in common, computed once per process and reused (a portfolio's plans).

Each key names what its value depends on beyond the inputs every plan of the run shares (catalogue, criteria,
scenarios, date, staleness limit): a Reuse never outlives its run. Passing none is the path without reuse;
tests/test_audit.py checks both write the same bytes.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class Reuse:
    """A bounded memo: the entries used least recently go first."""

    def __init__(self, limit: int = 4096) -> None:
        self.limit = limit
        self._memo: OrderedDict[tuple[object, ...], object] = OrderedDict()

    def get(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """The value for `key`, computed now if it is not kept."""
        if key in self._memo:
            self._memo.move_to_end(key)
            return self._memo[key]  # type: ignore[return-value]  # each key's first part fixes its value's type
        value = compute()
        self._memo[key] = value
        if len(self._memo) > self.limit:
            self._memo.popitem(last=False)
        return value


def computed(reuse: Reuse | None, key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or the value kept for `key` when there is a Reuse."""
    return compute() if reuse is None else reuse.get(key, compute)
