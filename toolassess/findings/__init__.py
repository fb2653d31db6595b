"""Findings: what the analyses mean for the plan, each producer in one registry, accepted risks applied once."""
