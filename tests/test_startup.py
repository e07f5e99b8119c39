"""Start-up guards: what a command must not import. Module sets, never timings (docs/prestaties.md measures those).

`criteria --help` needs typer and rich, not the engine (numpy, networkx), pydantic and the models, the limits, nor the Markdown
and traceback renderers that typer's help module imports for features criteria does not use.
"""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO, run_cli

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
    "rich._emoji_codes",
    "criteria.limits",
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
    # the breakdown tree models are for explain and the reports; the table needs only the result's records
    assert "criteria.model.result" in modules and "criteria.model.tree" not in modules


def test_evaluate_does_not_import_the_package_metadata_reader() -> None:
    """pydantic's plugin search is off for criteria (PYDANTIC_DISABLE_PLUGINS): its loader comes without
    importlib.metadata (criteria/cli/deferred.py)."""
    modules, proc = imports("evaluate", "cases/heemstede-bloemendaal")
    assert proc.returncode == 0, proc.stderr
    assert "pydantic.plugin._loader" in modules  # the loader was imported: the check below means something
    assert loaded(modules, "importlib.metadata") == []


FAKE_PLUGIN = """
import os


class _Plugin:
    def new_schema_validator(self, schema, schema_type, path, kind, config, settings):
        with open(os.environ["FAKE_PLUGIN_LOG"], "a", encoding="utf-8") as log:
            log.write(path.name + "\\n")
        return None, None, None


plugin = _Plugin()
"""


def test_a_pydantic_plugin_the_user_enables_is_still_found(tmp_path) -> None:
    """With PYDANTIC_DISABLE_PLUGINS set by the user (here: empty, every plugin on), pydantic's own search through
    the installed packages' metadata runs as without criteria's deferred import, and the plugin sees the models."""
    (tmp_path / "fake_plugin.py").write_text(FAKE_PLUGIN, encoding="utf-8")
    info = tmp_path / "fake_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-plugin\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[pydantic]\nfake = fake_plugin:plugin\n", encoding="utf-8")
    log = tmp_path / "log.txt"
    for setting, found in (("", True), ("__all__", False)):
        log.unlink(missing_ok=True)
        env = {"PYTHONPATH": str(tmp_path), "PYDANTIC_DISABLE_PLUGINS": setting, "FAKE_PLUGIN_LOG": str(log)}
        proc = subprocess.run(
            [sys.executable, "-m", "criteria.cli", "validate", "cases/heemstede-bloemendaal"],
            cwd=REPO,
            env={**os.environ, "NO_COLOR": "1", **env},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        seen = log.read_text(encoding="utf-8").split() if log.exists() else []
        assert ("Ruleset" in seen) is found, (setting, seen)


def test_evaluate_shows_a_voorstel_table_without_the_report_document() -> None:
    """The terminal's comparison table needs the document's table parts (criteria.report.documents.table), not the
    rest of a report document with its sections, charts and sources."""
    modules, proc = imports("evaluate", "cases/heemstede-bloemendaal")
    assert proc.returncode == 0 and "Oordeel over het verschil" in proc.stdout, proc.stderr
    assert "criteria.report.documents.table" in modules
    assert [m for m in loaded(modules, "criteria.report.documents") if m != "criteria.report.documents.table"] == [
        "criteria.report.documents"
    ]


def test_rich_reads_its_emoji_table_when_a_text_names_an_emoji() -> None:
    """criteria/cli/deferred.py: until then a stand-in; the texts come out as with the real table."""
    code = (
        "import sys\n"
        "from criteria.cli.deferred import defer_emoji_table\n"
        "defer_emoji_table()\n"
        "from rich.text import Text\n"
        "from rich.emoji import Emoji\n"
        "read = lambda: isinstance(sys.modules['rich._emoji_codes'].EMOJI, dict)\n"
        "plain = Text.from_markup('Opties: geen emoji, 09:30 uur').plain\n"
        "before = read()\n"
        "named = Text.from_markup(':smile: ja :nope: a:b:c :thumbs_up-text:').plain\n"
        "print(repr(plain), repr(named), str(Emoji('heart')), before, read())\n"
    )
    deferred, real = python("-c", code), python("-c", code.replace("defer_emoji_table()\n", ""))
    assert deferred.returncode == 0, deferred.stderr
    assert deferred.stdout.replace("False True", "True True") == real.stdout
    assert "😄 ja :nope: a🅱c" in deferred.stdout and deferred.stdout.strip().endswith("False True"), deferred.stdout


def test_the_garbage_collector_setting_of_a_run_is_undone_when_it_ends() -> None:
    """criteria.cli.main raises the collector's thresholds for its run (start-up); a caller keeps its own."""
    import gc

    before = gc.get_threshold()
    assert run_cli("--version").returncode == 0
    assert gc.get_threshold() == before
