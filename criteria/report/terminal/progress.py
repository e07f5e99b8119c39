"""A progress bar on stderr while a report is built, for runs with many subjects (only on a terminal)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence

MIN_SUBJECTS = 10  # fewer subjects build in a blink: no bar


def progress_tracker(subjects: int, stream=None) -> Callable[[Sequence], Iterable]:
    """A function that wraps the loop over subjects: a rich progress bar, or the plain loop."""
    stream = stream if stream is not None else sys.stderr
    if subjects < MIN_SUBJECTS or not stream.isatty():
        return iter
    from rich.progress import track

    from criteria.report.terminal.console import make_console

    console = make_console(file=stream)
    return lambda items: track(items, description="Rapport opbouwen", total=len(items), console=console, transient=True)
