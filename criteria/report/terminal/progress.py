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
    from rich.console import Console
    from rich.progress import track

    console = Console(file=stream)
    return lambda items: track(items, description="Rapport opbouwen", total=len(items), console=console,
                               transient=True)
