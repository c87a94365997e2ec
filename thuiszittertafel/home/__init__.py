"""The start page (/): each role's own overview."""
