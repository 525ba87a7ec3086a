"""Render stage: a translated handout -> one HTML string (Jinja2)."""
