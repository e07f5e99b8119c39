"""Start-up guards: what a command must not import. Module sets, never timings (docs/prestaties.md measures those).

`criteria --help` needs typer and rich, not the engine (numpy, networkx), pydantic and the models, nor the Markdown
and traceback renderers that typer's help module imports for features criteria does not use.
"""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO

NOT_FOR_HELP = (
    "numpy",
    "networkx",
    "pydantic",
    "criteria.model",
    "criteria.engine",
    "criteria.rules.compile",
    "rich.markdown",
    "markdown_it",
    "rich.traceback",
    "rich.syntax",
    "pygments",
)


def python(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def imports(*args: str) -> tuple[set[str], subprocess.CompletedProcess]:
    """The modules `criteria ARGS` imports (from `python -X importtime`), and the finished process."""
    proc = python("-X", "importtime", "-m", "criteria.cli", *args)
    lines = [line for line in proc.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[1].strip() for line in lines}, proc


def loaded(modules: set[str], package: str) -> list[str]:
    return sorted(m for m in modules if m == package or m.startswith(package + "."))


def test_help_imports_neither_engine_nor_models_nor_unused_renderers() -> None:
    modules, proc = imports("--help")
    assert proc.returncode == 0 and "Commando's" in proc.stdout, proc.stdout + proc.stderr
    assert "typer.rich_utils" in modules  # the check below is only meaningful if the help screen was rendered
    assert {p: loaded(modules, p) for p in NOT_FOR_HELP if loaded(modules, p)} == {}


def test_help_stand_ins_become_the_real_classes_when_used() -> None:
    code = (
        "import sys\n"
        "from criteria.cli.support import rich_help_module\n"
        "ru = rich_help_module()\n"
        "assert 'rich.markdown' not in sys.modules and 'rich.traceback' not in sys.modules\n"
        "import rich.markdown, rich.traceback\n"
        "assert type(ru.Markdown('*x*')) is rich.markdown.Markdown\n"
        "assert ru.Traceback.from_exception == rich.traceback.Traceback.from_exception\n"
        "print('ok')\n"
    )
    proc = python("-c", code)
    assert proc.stdout.strip() == "ok", proc.stderr


def test_archive_listing_does_not_import_networkx(tmp_path) -> None:
    modules, proc = imports("archief", "lijst", "--archief", str(tmp_path / "geen.sqlite"))
    assert proc.returncode == 2 and "geen archief gevonden" in proc.stderr
    assert loaded(modules, "networkx") == []


def test_evaluating_the_bundled_case_does_not_import_networkx() -> None:
    """Rulesets and the taakinventarisatie use graphs of their own; networkx only names a cycle in a bad ruleset."""
    modules, proc = imports("evaluate", "cases/heemstede-bloemendaal")
    assert proc.returncode == 0 and "Tegenover de referentiegroep" in proc.stdout, proc.stderr
    assert "criteria.inventory.graph" in modules  # the case's taakinventarisatie was read
    assert loaded(modules, "networkx") == []
