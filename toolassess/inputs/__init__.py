"""Inputs, at the edge: YAML files (catalogue, criteria, plans, scenarios) and assessments read into checked models."""
