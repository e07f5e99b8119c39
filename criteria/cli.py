"""The `criteria` command: parse arguments, call the engine, hand the result to a report.

Exit codes: 0 success, 2 bad input (or a usage error), 3 internal error. No traceback reaches a user.
Each command lives in criteria/commands/; importing the module registers it.
"""

from __future__ import annotations

from criteria.cli_app import app
from criteria.commands import archief, diff, evaluate, explain, gevoeligheid, init, rapport, ruleset, schema, selftest, validate  # noqa: F401 (registers the commands)


def main() -> None:
    from criteria.cli_support import run_app
    run_app(app)


if __name__ == "__main__":
    main()
