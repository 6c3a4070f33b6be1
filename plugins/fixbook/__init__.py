"""Fixbook: troubleshooting handbooks indexed by symptom, with code samples proven by Sybil."""

__version__ = "0.1.0"
