"""Pydantic models of the ruleset (toetsingskader), the case and the result."""
