"""`python -m criteria`: the same as the `criteria` command."""

from criteria.cli import run

run()
