"""Redundancy, pure: the plan as a fault tree — cut sets, scenarios replayed, what to add, exercises, Open-PSA."""
