"""Ruleset self-tests (pure): build an in-memory case per test, evaluate it, compare, measure rule coverage."""
