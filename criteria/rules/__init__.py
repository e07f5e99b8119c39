"""Compiling and checking rulesets (pure): names, the criteria graph, value ranges, units and the deep checks.

`compile` turns a validated Ruleset into what the engine runs; `checks`, `intervals` and `units` find what
validates as a type but gives wrong scores silently; `case_checks` checks a case's data against a ruleset;
`findings` holds the located Finding they all report.
"""
