"""Norm tables of a ruleset in spreadsheets (XLSX, CSV): export and import without losing a setting."""
