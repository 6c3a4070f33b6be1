"""pytest plugin entry point (pytest11); the Sybil integration is wired here."""
