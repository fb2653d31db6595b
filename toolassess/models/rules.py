"""The declarative rule language of criteria: an operator registry and three-valued evaluation (no eval)."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any


class Truth(StrEnum):
    """Kleene three-valued logic: a rule on an unknown fact is unknown, never silently passed."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"


def _as_list(fact_value: Any) -> list[Any]:
    return fact_value if isinstance(fact_value, list) else [fact_value]


def _number(x: Any) -> float:
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise TypeError(f"{x!r} is not a number")
    return float(x)


Operator = Callable[[Any, Any], bool]

OPERATORS: dict[str, Operator] = {
    "equals": lambda fact, value: bool(fact == value),
    "not_equals": lambda fact, value: bool(fact != value),
    "in": lambda fact, value: fact in value,
    "not_in": lambda fact, value: fact not in value,
    "contains": lambda fact, value: value in _as_list(fact),
    "not_contains": lambda fact, value: value not in _as_list(fact),
    "contains_any": lambda fact, value: any(v in _as_list(fact) for v in value),
    "is_empty": lambda fact, value: (len(_as_list(fact)) == 0) == bool(value),
    "gte": lambda fact, value: _number(fact) >= _number(value),
    "lte": lambda fact, value: _number(fact) <= _number(value),
    "gt": lambda fact, value: _number(fact) > _number(value),
    "lt": lambda fact, value: _number(fact) < _number(value),
    "count_gte": lambda fact, value: len(_as_list(fact)) >= _number(value),
    "count_lte": lambda fact, value: len(_as_list(fact)) <= _number(value),
}
"""Operator name → test of (fact value, rule value). `in`/`not_in`/`contains_any` take a list."""

LIST_OPERANDS = frozenset({"in", "not_in", "contains_any"})
"""Operators whose rule value must be a list."""

NUMBER_OPERATORS = frozenset({"gte", "lte", "gt", "lt"})
"""Operators that compare numbers: only on numeric facts."""

COLLECTION_OPERATORS = frozenset({"contains", "not_contains", "contains_any", "is_empty", "count_gte", "count_lte"})
"""Operators on list facts."""
