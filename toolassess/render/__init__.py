"""Renderers: each takes a result model and returns text or bytes; the CLI decides where they go."""
