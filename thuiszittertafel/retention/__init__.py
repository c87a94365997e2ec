"""Retention and the pupil's rights: anonymising old closed cases, the inzage export."""
