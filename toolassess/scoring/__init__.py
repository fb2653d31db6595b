"""Scoring, pure: tools × criteria → rankings per purpose, with how far each fact can be trusted and its source."""
