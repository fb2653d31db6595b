"""Each rule operator, named by expected outcome, and the three-valued logic of all/any/not."""

from __future__ import annotations

import pytest

from toolassess.models.criteria import FactTest
from toolassess.models.facts import ToolFacts
from toolassess.models.rules import OPERATORS, Truth
from toolassess.scoring.criteria import evaluate

FACTS = ToolFacts.model_validate(
    {
        "e2ee_groups": {"value": "default", "source": "s", "checked": "2026-01-01"},
        "bearers": {"value": ["mobile-data", "wifi"], "source": "s", "checked": "2026-01-01"},
        "sla_uptime_percent": {"value": 99.9, "source": "s", "checked": "2026-01-01"},
        "extraterritorial_laws": {"value": [], "source": "s", "checked": "2026-01-01"},
        "sso": {"value": True, "source": "s", "checked": "2026-01-01"},
        "owner": {"value": "Acme", "source": "s", "checked": "2026-01-01"},
        "remote_wipe": {"unknown": "not documented"},
    }
)

# (operator, fact, value that makes it TRUE, value that makes it FALSE)
OPERATOR_CASES = [
    ("equals", "e2ee_groups", "default", "none"),
    ("not_equals", "e2ee_groups", "none", "default"),
    ("in", "e2ee_groups", ["default", "opt-in"], ["none"]),
    ("not_in", "e2ee_groups", ["none"], ["default"]),
    ("contains", "bearers", "wifi", "satellite"),
    ("not_contains", "bearers", "satellite", "wifi"),
    ("contains_any", "bearers", ["satellite", "wifi"], ["satellite", "radio"]),
    ("is_empty", "extraterritorial_laws", True, False),
    ("gte", "sla_uptime_percent", 99.9, 99.95),
    ("lte", "sla_uptime_percent", 99.9, 99.0),
    ("gt", "sla_uptime_percent", 99.0, 99.9),
    ("lt", "sla_uptime_percent", 99.95, 99.9),
    ("count_gte", "bearers", 2, 3),
    ("count_lte", "bearers", 2, 1),
]


def test_every_registered_operator_has_cases():
    assert {case[0] for case in OPERATOR_CASES} == set(OPERATORS)


@pytest.mark.parametrize(
    ("op", "fact", "true_value", "false_value"), OPERATOR_CASES, ids=[c[0] for c in OPERATOR_CASES]
)
def test_operator_true_false_and_unknown(op, fact, true_value, false_value):
    assert evaluate(FactTest(fact=fact, op=op, value=true_value), FACTS) is Truth.TRUE
    assert evaluate(FactTest(fact=fact, op=op, value=false_value), FACTS) is Truth.FALSE
    test = FactTest(fact=fact, op=op, value=true_value)
    explicitly_unknown = ToolFacts.model_validate({fact: {"unknown": "not documented"}})
    assert evaluate(test, explicitly_unknown) is Truth.UNKNOWN
    assert evaluate(test, ToolFacts()) is Truth.UNKNOWN  # not recorded


def test_an_operator_on_the_wrong_kind_of_fact_is_refused_when_rules_load():
    with pytest.raises(ValueError, match="compares numbers"):
        FactTest(fact="owner", op="gte", value=3)
    with pytest.raises(ValueError, match="works on lists"):
        FactTest(fact="sso", op="contains", value="x")


def _rule(data):
    from pydantic import TypeAdapter

    from toolassess.models.criteria import Rule

    return TypeAdapter(Rule).validate_python(data)


TRUE = {"fact": "sso", "op": "equals", "value": True}
FALSE = {"fact": "sso", "op": "equals", "value": False}
UNKNOWN = {"fact": "remote_wipe", "op": "equals", "value": True}


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"all": [TRUE, TRUE]}, Truth.TRUE),
        ({"all": [TRUE, FALSE]}, Truth.FALSE),
        ({"all": [UNKNOWN, FALSE]}, Truth.FALSE),
        ({"all": [UNKNOWN, TRUE]}, Truth.UNKNOWN),
        ({"any": [FALSE, TRUE]}, Truth.TRUE),
        ({"any": [UNKNOWN, TRUE]}, Truth.TRUE),
        ({"any": [UNKNOWN, FALSE]}, Truth.UNKNOWN),
        ({"any": [FALSE, FALSE]}, Truth.FALSE),
        ({"not": TRUE}, Truth.FALSE),
        ({"not": FALSE}, Truth.TRUE),
        ({"not": UNKNOWN}, Truth.UNKNOWN),
        ({"not": {"any": [FALSE, {"all": [TRUE, TRUE]}]}}, Truth.FALSE),
    ],
)
def test_kleene_logic(rule, expected):
    assert evaluate(_rule(rule), FACTS) is expected


def test_list_operators_refuse_a_scalar_operand():
    with pytest.raises(ValueError, match="needs a list"):
        FactTest(fact="e2ee_groups", op="in", value="default")
