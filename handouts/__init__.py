"""csec-handouts: one source of content, gettext catalogs, print-ready outreach handouts."""

__version__ = "0.1.0"
