"""Run several `criteria` command lines in one Python process (the rejection corpus, batched for speed).

Reads a JSON list of {"cwd": ..., "args": [...]} on stdin; writes a JSON list of {"code", "stdout", "stderr"}.
Each command line runs through the real entry point (criteria.cli.main) with its own argv, working folder,
stdout and stderr, exactly as `criteria ARGS` would, without paying the start-up time again.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys


def run_one(cwd: str, args: list[str]) -> dict:
    from criteria.cli import main

    out, err = io.StringIO(), io.StringIO()
    code: object = 0
    os.chdir(cwd)
    sys.argv = ["criteria", *args]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main()
        except SystemExit as exc:
            code = exc.code
        except BaseException as exc:  # noqa: BLE001 - reported as what a user would see: a traceback
            import traceback

            err.write("Traceback (uncaught): " + "".join(traceback.format_exception(exc)))
            code = 1
    return {"code": code if isinstance(code, int) else 1, "stdout": out.getvalue(), "stderr": err.getvalue()}


if __name__ == "__main__":
    jobs = json.loads(sys.stdin.read())
    print(json.dumps([run_one(job["cwd"], job["args"]) for job in jobs]))
