"""Pydantic models: the inputs (tools, components, criteria, plans) and the Assessment output."""
