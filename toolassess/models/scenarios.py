"""Failure scenarios: what fails (components, a power blackout of some hours), and documented incidents to replay."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from toolassess.models.base import Identifier, Localized, Model


class IncidentReference(Model):
    """A documented incident of the catalogue (component + date): the replay takes its source from there."""

    component: Identifier
    date: date


class Scenario(Model):
    """Components that fail together, and/or a power blackout of a given length."""

    id: Identifier
    kind: Literal["generic", "incident"]
    title: Localized
    fails: list[Identifier] = Field(default_factory=list, description="components down in this scenario")
    saturates: list[Identifier] = Field(
        default_factory=list, description="components saturated: the tools that need them work, degraded"
    )
    power_outage_hours: float | None = Field(
        None, gt=0, description="grid down this long: components whose backup power lasts less fail with it"
    )
    replays: IncidentReference | None = Field(None, description="the documented incident this scenario replays")
    note: Localized | None = None

    @model_validator(mode="after")
    def _something_fails(self) -> Scenario:
        if not self.fails and not self.saturates and self.power_outage_hours is None:
            raise ValueError("a scenario needs 'fails', 'saturates' or 'power_outage_hours'")
        if self.kind == "incident" and self.replays is None:
            raise ValueError("an incident scenario names the incident it 'replays' (component and date)")
        return self

    @classmethod
    def what_if(cls, fails: Iterable[str], power_outage_hours: float | None = None) -> Scenario:
        """An unnamed scenario the analysis plays for itself (a cut set, an exercise case)."""
        return cls(
            id="what-if",
            kind="generic",
            title=Localized(en="what if", fr="et si"),
            fails=list(fails),
            power_outage_hours=power_outage_hours,
        )


class ScenariosFile(Model):
    """A list of scenarios (built-in under toolassess/scenarios/, or the user's own)."""

    scenarios: list[Scenario] = Field(min_length=1)
