"""The `criteria` command: parse arguments, call the engine, hand the result to a report.

Exit codes: 0 success, 2 bad input (or a usage error), 3 internal error. No traceback reaches a user.
Each command lives in criteria/cli/commands/; importing the module registers it, and a run imports only the
module of the command it was given (criteria.cli.registry).
"""

from __future__ import annotations

import gc
import os
import sys

from criteria import dataclass_code
from criteria.cli.deferred import defer_emoji_table, defer_plugin_metadata
from criteria.files.memory import bound_arenas

GC_YOUNG, GC_OLDER = 200_000, 20  # gc.set_threshold for a run of criteria (see main)


def main() -> None:
    """Run the command of sys.argv; ends with SystemExit. The collector's thresholds and dataclasses' own compiling
    are the caller's again after it."""
    previous = gc.get_threshold()
    # @dataclass takes its methods' compiled code from a store instead of compiling them (criteria.dataclass_code)
    restore_dataclasses = dataclass_code.install()
    try:
        _command()
    finally:  # a caller in the same process (the tests' run_cli) keeps its own setting
        gc.set_threshold(*previous)
        restore_dataclasses()


def _command() -> None:
    # pydantic looks for plugins by reading the metadata of every installed package when it builds the first model;
    # criteria's models use none. A value the user set (a list of plugins to skip) is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    defer_plugin_metadata()  # nor import the package metadata reader that the search would use
    defer_emoji_table()  # rich's emoji names: read when a text names one (criteria.cli.deferred)
    # numpy's OpenBLAS starts a worker thread per core, and idle workers spin while they wait for work. criteria's
    # arrays are too small to share out (also a sensitivity run with many samples is no faster with them), so the
    # workers would only burn processor time. Read when numpy is imported, which the commands do later.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # Under an address-space limit (ulimit -v) glibc's per-thread arenas would take 64 MB of it per thread.
    bound_arenas()
    # The garbage collector's default (a young collection every 700 new container objects, older ones every 10)
    # scans the objects of every module imported so far again and again while a command imports its modules:
    # ~55 ms of the bundled evaluate; at 20,000 still ~20 ms (5 young collections of the modules' objects, each
    # scanned once). At 200,000 the bundled evaluate (~110,000 container objects) makes none; a national evaluate
    # (table or JSON) keeps its peak memory (257 / 282 MB; 4x: 693 -> 701 MB) and processor time. Cycles are still
    # collected, later.
    gc.set_threshold(GC_YOUNG, GC_OLDER, GC_OLDER)
    from criteria.cli.registry import register
    from criteria.cli.support import run_app

    run_app(register(sys.argv[1:]))


def run() -> None:
    """The `criteria` command (console script, `python -m criteria`): the command, then the process ends without
    the interpreter's shutdown (criteria.cli.leave). Not main(): its thresholds, put back at the end, would start a
    collection of everything the run built since the last one (up to GC_YOUNG objects), just before the end; and
    the dataclass store stays in place until the process ends (nothing else runs in it)."""
    dataclass_code.install()
    try:
        _command()
    except SystemExit as done:
        code = done.code
    else:
        code = None
    gc.disable()  # the process ends now: nothing it built needs collecting
    from criteria.cli.leave import leave

    leave(code)


if __name__ == "__main__":
    run()
