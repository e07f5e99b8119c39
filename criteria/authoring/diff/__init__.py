"""Ruleset diff (pure): what changed between two resolved rulesets, and what each change does to scores."""
