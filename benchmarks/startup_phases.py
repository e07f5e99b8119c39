"""One run of `criteria ARGS`, its processor time split into steps (for the profile in docs/prestaties.md).

    python benchmarks/startup_phases.py MODULE:FUNCTION... -- ARGS...

Prints JSON [[step, seconds], ...]: starting Python; the imports, split into the modules the baseline imports too
(`import numpy, pydantic, networkx, rich`) and all others, each module with its own time (as python -X importtime
counts it, but in processor time); each named function without the imports it triggers (the functions must not call
one another; seconds null for one that was not found); and the rest. The command runs as it does for a user, its
imports where it does them. All of it processor time of this one process (every thread); a single run, so a rough
split, not a measurement to compare runs with.
"""

from __future__ import annotations

import time

START = time.process_time()  # starting Python: the interpreter and site, before this module's first line ran

import contextlib
import importlib._bootstrap as bootstrap
import io
import json
import subprocess
import sys

BASELINE = "import numpy, pydantic, networkx, rich"


def baseline_modules() -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"{BASELINE}, sys; print(chr(10).join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(done.stdout.split())


class Clock:
    """Processor time of imports (each module its own time, by kind) and of named functions without their imports.

    A function is wrapped when its module has been imported, so that the command imports everything itself, in its
    own order (it sets the environment for numpy, for one, before importing it)."""

    def __init__(self, shared: set[str], specs: list[str]) -> None:
        self.shared = shared
        self.imports = {"baseline": 0.0, "imports": 0.0}
        self.steps: dict[str, float | None] = {spec: None for spec in specs}  # None: not (yet) found
        self._stack: list[float] = []  # per import in progress: the time of the imports it triggered

    @property
    def all_imports(self) -> float:
        return sum(self.imports.values())

    def count_imports(self) -> None:
        find_and_load = bootstrap._find_and_load

        def timed(name, import_):
            start = time.process_time()
            self._stack.append(0.0)
            try:
                module = find_and_load(name, import_)
            finally:
                elapsed = time.process_time() - start
                inner = self._stack.pop()
                self.imports["baseline" if name in self.shared else "imports"] += elapsed - inner
                if self._stack:
                    self._stack[-1] += elapsed
            for spec in [s for s in self.steps if s.partition(":")[0] == name]:
                self.wrap(spec, module)
            return module

        bootstrap._find_and_load = timed

    def wrap(self, spec: str, module) -> None:
        *owners, name = spec.partition(":")[2].split(".")
        owner = module
        try:
            for part in owners:
                owner = getattr(owner, part)
            function = getattr(owner, name)
        except AttributeError:  # renamed or moved: the profile says so instead of failing
            return
        self.steps[spec] = 0.0

        def timed(*args, **kwargs):
            start, imports = time.process_time(), self.all_imports
            try:
                return function(*args, **kwargs)
            finally:
                self.steps[spec] += time.process_time() - start - (self.all_imports - imports)  # type: ignore[operator]

        setattr(owner, name, timed)


def main(argv: list[str]) -> list[tuple[str, float | None]]:
    split = argv.index("--")
    specs, args = argv[:split], argv[split + 1 :]
    shared = baseline_modules()
    setup = time.process_time()
    clock = Clock(shared, specs)
    clock.count_imports()
    from criteria.cli import main as criteria

    sys.argv = ["criteria", *args]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            criteria()
        except SystemExit:
            pass
    total = time.process_time() - (setup - START)  # without this script's own start (the baseline's module list)
    steps: list[tuple[str, float | None]] = [("start", START), *clock.imports.items(), *clock.steps.items()]
    return steps + [("rest", total - sum(seconds or 0.0 for _, seconds in steps))]


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
