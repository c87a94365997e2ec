"""Consultatie en advies: advice asked about an unnamed pupil, without a case."""
