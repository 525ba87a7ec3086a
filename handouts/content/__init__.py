"""Content stage: read content/*.yaml, check it against the schema, give frozen models."""
