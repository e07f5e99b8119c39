"""How the `criteria` process ends (criteria.cli.leave): as SystemExit would for everything a user can see (status,
atexit functions, other threads, every byte of stdout and stderr), without the interpreter's shutdown."""

from __future__ import annotations

from conftest import run_cli, run_cli_process
from test_startup import python as run_python

SETUP = """
import atexit, sys
from criteria.cli.leave import leave
class Noisy:
    def __del__(self):
        print("afgebroken", flush=True)
kept = Noisy()  # freed only by the interpreter's shutdown
"""


def test_status_output_and_atexit_as_systemexit_without_shutdown() -> None:
    done = run_python(
        "-c",
        SETUP + "atexit.register(print, 'atexit')\nprint('x' * 100_000, end='')\nsys.stderr.write('fout')\nleave(2)",
    )
    assert done.returncode == 2
    assert done.stdout == "x" * 100_000 + "atexit\n"  # buffered output written; no shutdown (no 'afgebroken')
    assert done.stderr == "fout"


def test_none_is_status_zero() -> None:
    done = run_python("-c", SETUP + "leave(None)")
    assert (done.returncode, done.stdout) == (0, "")


def test_text_status_and_running_thread_keep_pythons_exit() -> None:
    text = run_python("-c", SETUP + "leave('gestopt')")
    assert (text.returncode, text.stderr.strip()) == (1, "gestopt")
    threaded = run_python(
        "-c",
        SETUP + "import threading, time\n"
        "threading.Thread(target=lambda: (time.sleep(0.2), print('klaar', flush=True))).start()\nleave(3)",
    )
    assert threaded.returncode == 3
    assert threaded.stdout.startswith("klaar\n")  # the thread was waited for, as Python's exit does


def test_unwritable_stdout_reported_as_python_does() -> None:
    done = run_python(
        "-c",
        SETUP + "class Broken:\n"
        "    def write(self, text): return len(text)\n"
        "    def flush(self): raise BrokenPipeError(32, 'Broken pipe')\n"
        "sys.stdout = Broken()\nleave(0)",
    )
    assert done.returncode == 120  # Python's status when stdout cannot be flushed at exit
    assert "BrokenPipeError" in done.stderr


def test_the_command_ends_through_it_with_the_same_output() -> None:
    for args in (("evaluate", "cases/heemstede-bloemendaal"), ("evaluate", "cases/bestaat-niet")):
        process, in_process = run_cli_process(*args), run_cli(*args)
        assert (process.returncode, process.stdout, process.stderr) == (
            in_process.returncode,
            in_process.stdout,
            in_process.stderr,
        )
        assert process.stdout or process.stderr
