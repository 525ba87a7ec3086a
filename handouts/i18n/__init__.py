"""Translation stage: gettext catalogs, their checks, extraction, pseudo-locales."""
