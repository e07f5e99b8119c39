"""End the `criteria` process once a command is done, without Python's interpreter shutdown.

At exit Python tears down every imported module and frees every object one by one, with garbage collections in
between: ~70 ms of processor time after the bundled `criteria evaluate`, more than a tenth of the whole run, for
objects the operating system takes back at once when the process ends. What a user can see of that shutdown is
done here first, in Python's order: waiting for other threads (none run here: then the normal exit is kept), the
`atexit` functions, flushing stdout and stderr. Only the console script and `python -m criteria` end this way;
`criteria.cli.main` itself still ends with SystemExit (the tests call it in their own process).
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn


def leave(code: object) -> NoReturn:
    """End the process with the status SystemExit(code) gives (None: 0), skipping the interpreter's shutdown.

    Python's own exit is kept where it does more than that: a text as status (printed, status 1), another thread
    still running (it is waited for), stdout or stderr that cannot be written (Python reports it, status 120)."""
    if not (code is None or isinstance(code, int)) or threading.active_count() > 1:
        raise SystemExit(code)
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):  # a closed pipe or stream: as Python reports it at exit
        raise SystemExit(code) from None
    os._exit(code or 0)
