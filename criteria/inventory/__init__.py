"""Kwetsbaarheid from a task inventory: the tasks–employees coverage graph and its measures (pure)."""
