"""The years criteria accepts, in rulesets, data and on the command line (criteria.limits holds the other limits;
these on their own, so that `criteria explain --jaar` can name them without importing the rest)."""

MIN_YEAR, MAX_YEAR = 1900, 2200
