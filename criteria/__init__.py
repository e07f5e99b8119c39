"""criteria: a criteria scoring engine for evaluating ambtelijke samenwerking."""

__version__ = "0.1.0"
