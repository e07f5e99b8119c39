"""Tools for who writes rulesets: self-tests, diff, norm tables in spreadsheets, scaffolding, JSON Schemas, TOML text."""
