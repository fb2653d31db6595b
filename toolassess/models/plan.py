"""The crisis communication plan a planner writes (SPEC.md, section Inputs)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from toolassess.models.base import Identifier, Model
from toolassess.models.catalog import Purpose
from toolassess.models.findings import Finding, FindingKind


class Channel(Model):
    """One tool in the plan, for one or more purposes, as primary or backup."""

    tool: Identifier
    purpose: list[Purpose] = Field(min_length=1)
    role: Literal["primary", "backup"] = "primary"
    last_tested: date | None = Field(None, description="last exercise or real use; old or missing = finding")
    device: Literal["managed", "personal"] | None = Field(
        None, description="whose phones it runs on: the institution's (managed) or staff's own (personal)"
    )
    priority_access: str | None = Field(
        None,
        min_length=1,
        description="the priority scheme its SIMs have on the mobile networks (Blue Light Mobile, a priority SIM…): "
        "a saturated mobile network does not degrade it",
    )
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

    def covers_finding(self, finding: Finding, as_of: date) -> bool:
        """True when this risk, unexpired, accepts the finding (all its tools, when the risk names tools)."""
        if self.finding != finding.kind or self.until < as_of:
            return False
        if not self.tools:
            return True
        # A risk accepted for some tools covers findings about those tools only (not tool-less ones).
        return bool(finding.tools) and set(finding.tools) <= set(self.tools)

    def covers_criterion(self, criterion_id: str, tool_id: str, as_of: date) -> bool:
        """True when this risk, unexpired, accepts the tool's result on a criterion (a gate it fails)."""
        return self.criterion == criterion_id and (not self.tools or tool_id in self.tools) and self.until >= as_of


class BackupPower(Model):
    """Backup power the institution runs (a generator, a UPS): the components it keeps up in a grid blackout."""

    site: str = Field(min_length=1, description="where it is (town hall, crisis room…)")
    hours: float = Field(gt=0, description="autonomy in hours (fuel or battery), as tested")
    keeps_up: list[Identifier] = Field(
        min_length=1,
        description="catalogue components it powers (the institution's network and servers; fixed-access only when the "
        "operator's side is backed up too)",
    )
    last_tested: date | None = Field(None, description="last load test")


class Procedure(Model):
    """A degraded-mode procedure (runners, a rally point): a last resort for purposes, never counted as a channel."""

    id: Identifier
    purpose: list[Purpose] = Field(min_length=1)
    description: str = Field(min_length=1)

    @field_validator("purpose", mode="before")
    @classmethod
    def _one_purpose_as_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class Partner(Model):
    """Someone the cell must reach in a crisis (police, fire service, the prefecture) and the tools they use."""

    name: str = Field(min_length=1)
    tools: list[Identifier] = Field(min_length=1, description="catalogue tools the partner answers on")
    note: str | None = None


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
    scope: list[Purpose] | None = Field(
        None, description="purposes the plan must cover (default: all three); a purpose outside it is not judged"
    )
    channels: list[Channel] = Field(min_length=1)
    backup_power: list[BackupPower] = Field(default_factory=list, description="local backup power (generator, UPS)")
    procedures: list[Procedure] = Field(default_factory=list, description="degraded-mode procedures (last resort)")
    partners: list[Partner] = Field(
        default_factory=list,
        description="partners to reach: a scenario that leaves no shared tool working is a finding",
    )
    accepted_risks: list[AcceptedRisk] = Field(default_factory=list)

    def structure_key(self) -> str:
        """What of the plan its fault tree, scenario outcomes, structural findings and improvements depend on.

        Not its name, profile, candidates or accepted risks, nor when each channel was last tested: plans that
        differ only there share that work (a portfolio reuses it).
        """
        excluded: Any = {
            "name": True,
            "organisation": True,
            "profile": True,
            "candidates": True,
            "accepted_risks": True,
            "channels": {"__all__": {"last_tested", "note"}},
        }
        return self.model_dump_json(exclude=excluded)

    def purposes_in_scope(self) -> list[Purpose]:
        """The purposes the plan is judged on: its declared scope, else all three.

        A crisis plan that cannot wake anyone or warn the public has a gap, unless it says those are someone else's.
        """
        return list(dict.fromkeys(self.scope)) if self.scope is not None else list(Purpose)

    def purposes_shown(self) -> list[Purpose]:
        """The purposes a scenario table shows: the declared scope, else those the channels name."""
        if self.scope is not None:
            return list(dict.fromkeys(self.scope))
        return list(dict.fromkeys(purpose for channel in self.channels for purpose in channel.purpose))

    def backup_hours(self) -> dict[str, float]:
        """Component → the longest autonomy the plan's own backup power gives it."""
        hours: dict[str, float] = {}
        for supply in self.backup_power:
            for component in supply.keeps_up:
                hours[component] = max(hours.get(component, 0.0), supply.hours)
        return hours

    def candidate_tools(self) -> list[str]:
        """The tools to score: the declared candidates, else the channels' tools in plan order."""
        if self.candidates is not None:
            return list(dict.fromkeys(self.candidates))
        return list(dict.fromkeys(channel.tool for channel in self.channels))
