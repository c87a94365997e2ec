"""Agreements on a case: who does what by when."""
