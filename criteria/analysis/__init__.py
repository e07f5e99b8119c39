"""Static analysis of a ruleset (pure): value ranges, units and the deep checks built on them."""
