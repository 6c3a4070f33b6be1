"""The offline "paste your error" finder: one ranking for ``fixbook find`` and the finder page."""
