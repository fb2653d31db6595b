"""The crisis communication plan a planner writes (SPEC.md, section Inputs)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from toolassess.models.base import Identifier, Model
from toolassess.models.catalog import Purpose
from toolassess.models.findings import FindingKind


class Channel(Model):
    """One tool in the plan, for one or more purposes, as primary or backup."""

    tool: Identifier
    purpose: list[Purpose] = Field(min_length=1)
    role: Literal["primary", "backup"] = "primary"
    last_tested: date | None = Field(None, description="last exercise or real use; old or missing = finding")
    note: str | None = None

    @field_validator("purpose", mode="before")
    @classmethod
    def _one_purpose_as_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class AcceptedRisk(Model):
    """A risk the organisation accepts, with who accepted it, why, and until when."""

    criterion: Identifier | None = None
    finding: FindingKind | None = None
    tools: list[Identifier] = Field(default_factory=list, description="empty: every tool")
    reason: str = Field(min_length=1)
    accepted_by: str = Field(min_length=1)
    until: date

    @model_validator(mode="after")
    def _names_what(self) -> AcceptedRisk:
        if (self.criterion is None) == (self.finding is None):
            raise ValueError("an accepted risk names either a 'criterion' or a 'finding'")
        return self


class Plan(Model):
    """The assessment input: who, which profile, which candidates, and the channels of the plan."""

    name: str = Field(min_length=1)
    organisation: str | None = None
    country: str | None = Field(
        None,
        pattern=r"^[A-Z]{2}$",
        description="ISO 3166 country of the institution: `improve` proposes a national service only to its country",
    )
    lang: Literal["fr", "en"] = "en"
    profile: Identifier = "management-team"
    candidates: list[Identifier] | None = Field(None, description="tools to score (default: the channels' tools)")
    channels: list[Channel] = Field(min_length=1)
    accepted_risks: list[AcceptedRisk] = Field(default_factory=list)

    def candidate_tools(self) -> list[str]:
        """The tools to score: the declared candidates, else the channels' tools in plan order."""
        if self.candidates is not None:
            return list(dict.fromkeys(self.candidates))
        return list(dict.fromkeys(channel.tool for channel in self.channels))
