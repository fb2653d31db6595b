"""Criteria, their graded levels and declarative rules, and the weight/gate profiles."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Discriminator, Field, StrictBool, StrictFloat, StrictInt, Tag, field_validator, model_validator

from toolassess.errors import ToolassessError
from toolassess.models.base import Identifier, Localized, Model, did_you_mean
from toolassess.models.catalog import Purpose, ToolKind
from toolassess.models.facts import FACT_NAMES, FACT_SHAPES
from toolassess.models.rules import COLLECTION_OPERATORS, LIST_OPERANDS, NUMBER_OPERATORS, OPERATORS

Scalar = StrictBool | StrictInt | StrictFloat | str | date


class FactTest(Model):
    """A comparison on one fact: `{fact: e2ee_groups, op: equals, value: default}`."""

    fact: str = Field(description="a fact name of the vocabulary (toolassess schema tool)")
    op: str = Field(description="operator: " + ", ".join(OPERATORS))
    value: Scalar | list[Scalar] = Field(description="a text, number, boolean or date, or a list of them")

    @field_validator("fact")
    @classmethod
    def _known_fact(cls, name: str) -> str:
        if name not in FACT_NAMES:
            raise ValueError(f"unknown fact '{name}'{did_you_mean(name, FACT_NAMES)}")
        return name

    @field_validator("op")
    @classmethod
    def _known_operator(cls, name: str) -> str:
        if name not in OPERATORS:
            raise ValueError(f"unknown operator '{name}'{did_you_mean(name, OPERATORS)}")
        return name

    @model_validator(mode="after")
    def _operand_shape(self) -> FactTest:
        if self.op in LIST_OPERANDS and not isinstance(self.value, list):
            raise ValueError(f"operator '{self.op}' needs a list as value")
        shape = FACT_SHAPES.get(self.fact)
        if self.op in NUMBER_OPERATORS and shape != "number":
            raise ValueError(f"operator '{self.op}' compares numbers, but '{self.fact}' is not a number")
        if self.op in COLLECTION_OPERATORS and shape != "list":
            raise ValueError(f"operator '{self.op}' works on lists, but '{self.fact}' is not a list")
        if self.op == "is_empty" and not isinstance(self.value, bool):
            raise ValueError("operator 'is_empty' takes value: true or false")
        return self


class AllRule(Model):
    """True when every sub-rule is true."""

    all: list[Rule] = Field(min_length=1)


class AnyRule(Model):
    """True when at least one sub-rule is true."""

    any: list[Rule] = Field(min_length=1)


class NotRule(Model):
    """The negation of a rule (unknown stays unknown)."""

    not_: Rule = Field(alias="not")


def _rule_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("fact", "all", "any", "not"):
            if key in value:
                return f"rule:{key}"
        return None
    tags: dict[type, str] = {FactTest: "rule:fact", AllRule: "rule:all", AnyRule: "rule:any", NotRule: "rule:not"}
    return tags.get(type(value))


Rule = Annotated[
    # Tags are named unlike any YAML key: pydantic puts them in error locations, and the locator skips them.
    Annotated[FactTest, Tag("rule:fact")]
    | Annotated[AllRule, Tag("rule:all")]
    | Annotated[AnyRule, Tag("rule:any")]
    | Annotated[NotRule, Tag("rule:not")],
    Discriminator(
        _rule_tag,
        custom_error_type="rule",
        custom_error_message="expected a rule: {fact, op, value}, {all: [...]}, {any: [...]} or {not: ...}",
    ),
]
AllRule.model_rebuild()
AnyRule.model_rebuild()
NotRule.model_rebuild()


class Level(Model):
    """One graded level of a criterion; the first level whose rule holds gives the score."""

    score: int = Field(ge=0, le=100)
    when: Rule | None = Field(None, description="absent on the last level: 'otherwise'")
    label: Localized = Field(description="what this level means, shown as the explanation")


class Criterion(Model):
    """A scored question about a tool, with its graded levels and where it comes from."""

    id: Identifier
    title: Localized
    rationale: Localized
    weight: float = Field(gt=0, le=100, allow_inf_nan=False)
    origin: list[str] = Field(min_length=1, description="seed documents / doctrines it comes from")
    applies_to: list[ToolKind] | None = Field(None, description="tool kinds it applies to (default: all)")
    purposes: list[Purpose] | None = Field(
        None, description="purposes whose ranking it counts in (default: every purpose)"
    )
    profiles_only: bool = Field(
        False,
        description="a doctrine's own criterion (e.g. a Belgian operator): it counts only in the profiles that"
        " weigh or gate it by id",
    )
    levels: list[Level] = Field(min_length=2)

    @model_validator(mode="after")
    def _last_level_is_otherwise(self) -> Criterion:
        if any(level.when is None for level in self.levels[:-1]):
            raise ValueError("only the last level may omit 'when' (it means 'otherwise')")
        return self


class CriteriaFile(Model):
    """One area of criteria (one file under criteria/)."""

    area: Identifier
    order: int = Field(100, description="position of the area in tables and reports (lower first)")
    title: Localized
    criteria: list[Criterion] = Field(min_length=1)


class Origin(Model):
    """A seed document, law or doctrine a criterion or profile comes from."""

    id: Identifier
    title: str = Field(min_length=1)
    source: str = Field(min_length=1, description="URL or precise document title")
    checked: date
    summary: str = Field(min_length=1)


class OriginsFile(Model):
    """The list of origins (criteria/origins.yaml)."""

    origins: list[Origin] = Field(min_length=1)


class Gate(Model):
    """A knock-out: a tool under `min_score` on `criterion` fails the gate.

    A gate governs only the purposes and tool kinds its doctrine speaks of (a messaging circular does not judge a
    siren); other tools are not judged by it. A tool it governs whose criterion does not apply (end-to-end
    encryption of a voice call network) is outside what the profile can judge — never passed by being skipped.
    """

    criterion: Identifier
    min_score: int = Field(ge=0, le=100)
    action: Literal["warn", "exclude"] = Field(
        description="warn: reported, tool still ranked; exclude: tool ranked after every eligible tool"
    )
    reason: Localized
    purposes: list[Purpose] | None = Field(None, description="purposes the gate governs (default: every purpose)")
    kinds: list[ToolKind] | None = Field(None, description="tool kinds the gate governs (default: every kind)")


class Profile(Model):
    """Weights (multipliers per criterion or area id) and gates for one audience or doctrine."""

    id: Identifier
    title: Localized
    description: Localized
    origin: list[str] = Field(default_factory=list)
    weights: dict[str, Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]] = Field(
        default_factory=dict, description="criterion or area id → multiplier (0 to 100)"
    )
    gates: list[Gate] = Field(default_factory=list)
    governs: dict[Purpose, list[ToolKind]] = Field(
        default_factory=dict,
        description="purpose → the only tool kinds the profile ranks for it (a messaging doctrine ranks messengers,"
        " not SMS); purposes not listed: every kind",
    )


if TYPE_CHECKING:  # provenance only: the loader fills these, the core never reads them
    from toolassess.inputs.files import Origin as FileOrigin
    from toolassess.inputs.yamlsource import YamlDocument


@dataclass
class CriteriaSet:
    """The criteria (by area) and the profiles that weigh and gate them, with where the loader read them."""

    areas: list[CriteriaFile]
    profiles: dict[str, Profile]
    files: list[YamlDocument]
    origins: dict[str, FileOrigin] = field(default_factory=dict)
    sources: dict[str, Origin] = field(default_factory=dict)  # origin id → the document it names

    def criteria(self) -> Iterator[tuple[str, Criterion]]:
        """(area id, criterion) in file order."""
        for area in self.areas:
            for criterion in area.criteria:
                yield area.area, criterion

    def profile(self, name: str) -> Profile:
        """A profile by id, with a 'did you mean' when it does not exist."""
        if name not in self.profiles:
            known = ", ".join(sorted(self.profiles)) or "none"
            raise ToolassessError(f"unknown profile '{name}'{did_you_mean(name, self.profiles)}; profiles: {known}")
        return self.profiles[name]
