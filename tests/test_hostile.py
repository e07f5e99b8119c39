"""The rejection corpus (tests/hostile/cases.toml) through the real CLI: every broken input gives a clear Dutch
error with its file and place, exit code 2, no traceback, and writes nothing (no partial output, the previous
output untouched, no other file). The cases run once per session, in one `criteria` process per core, each
case with its own argv and working folder (tests/hostile/batch.py)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from conftest import REPO

HOSTILE = Path(__file__).resolve().parent / "hostile"
sys.path.insert(0, str(HOSTILE))
import generators

CASES = tomllib.loads((HOSTILE / "cases.toml").read_text(encoding="utf-8"))["case"]
DEFAULT_COMMAND = ["evaluate", "case", "--format", "json", "--output", "out/uitslag.json"]
# Earlier output of criteria in out/: an error must leave it as it is.
PREVIOUS = {
    "uitslag.json": '{"meta": {"engine_version": "0.0.9"}}\n',
    "rapport.html": '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
    '<meta name="generator" content="criteria 0.0.9">\n</head>\n</html>\n',
    "uitleg.txt": "Vingerafdrukken: …\n-- gemaakt door criteria 0.0.9 --\n",
}


def _prepare(spec: dict, root: Path) -> None:
    shutil.copytree(HOSTILE / "base", root)
    (root / "out").mkdir()
    for name, text in PREVIOUS.items():
        (root / "out" / name).write_text(text, encoding="utf-8")
    for file, old, new in spec.get("replace", []):
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{spec['name']}: '{old}' staat niet in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for file, text in spec.get("write", {}).items():
        (root / file).write_text(text, encoding="utf-8")
    for file, text in spec.get("append", {}).items():
        with (root / file).open("a", encoding="utf-8") as f:
            f.write(text)
    if "generate" in spec:
        getattr(generators, spec["generate"])(root)


def _listing(root: Path) -> dict[str, tuple[int, ...]]:
    """Every path under root with its size, time and mode (a folder: its mode; what it holds is listed)."""
    return {
        str(p.relative_to(root)): (st.st_mode,)
        if stat.S_ISDIR(st.st_mode)
        else (st.st_size, st.st_mtime_ns, st.st_mode)
        for p in sorted(root.rglob("*"))
        for st in [p.lstat()]
    }


def _batch(jobs: list[tuple[dict, Path]]) -> dict[str, dict]:
    """Run a batch of cases in one `criteria` process (tests/hostile/batch.py): prepare, run, compare."""
    befores = []
    for spec, root in jobs:
        _prepare(spec, root)
        befores.append(_listing(root))
    request = [{"cwd": str(root), "args": spec.get("command", DEFAULT_COMMAND)} for spec, root in jobs]
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    env.pop("COLUMNS", None)
    done = subprocess.run(
        [sys.executable, str(HOSTILE / "batch.py")],
        input=json.dumps(request),
        text=True,
        capture_output=True,
        env=env,
        cwd=REPO,
        timeout=600,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    outcomes = {}
    for (spec, root), before, answer in zip(jobs, befores, json.loads(done.stdout)):
        previous = {name: (root / "out" / name).read_text(encoding="utf-8") for name in PREVIOUS}
        if "file" in spec:  # the output this case makes: its content is checked, then it is taken away
            made = root / spec["file"]
            answer["file"] = _content(made) if made.is_file() else ""
            made.unlink(missing_ok=True)
        outcomes[spec["name"]] = {**answer, "before": before, "after": _listing(root), "previous": previous}
        shutil.rmtree(root)  # the large generated inputs do not outlive their case
    return outcomes


def _content(path: Path) -> str:
    """A made output as text to search: an XLSX file as one line per cell ('Blad!A1 tekst: ...'; a formula cell
    as 'Blad!A1 FORMULE: ...'), anything else as UTF-8 text."""
    if path.suffix != ".xlsx":
        return path.read_text(encoding="utf-8")
    book = openpyxl.load_workbook(path)
    return "\n".join(
        f"{sheet.title}!{cell.coordinate} {'FORMULE' if cell.data_type == 'f' else 'tekst'}: {cell.value}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )


@cache
def _outcomes(base: Path) -> dict[str, dict]:
    workers = max(2, os.cpu_count() or 2)
    jobs = [(spec, base / f"c{i:03d}") for i, spec in enumerate(CASES)]
    batches = [jobs[k::workers] for k in range(workers)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(_batch, batches))
    return {name: outcome for batch in results for name, outcome in batch.items()}


@pytest.fixture(scope="session")
def outcomes(tmp_path_factory) -> dict[str, dict]:
    return _outcomes(tmp_path_factory.mktemp("hostile"))


def test_the_corpus_is_large_and_names_are_unique() -> None:
    names = [spec["name"] for spec in CASES]
    assert len(names) >= 60 and len(set(names)) == len(names)
    assert all(spec.get("expect") for spec in CASES)


def _output(command: list[str]) -> str | None:
    for i, arg in enumerate(command[:-1]):
        if arg in ("--output", "-o"):
            return command[i + 1]
    return None


@pytest.mark.parametrize("spec", CASES, ids=[spec["name"] for spec in CASES])
def test_broken_input_is_refused_clearly_and_writes_nothing(spec: dict, outcomes) -> None:
    outcome = outcomes[spec["name"]]
    shown = f"exit {outcome['code']}\nstderr:\n{outcome['stderr'][-3000:]}\nstdout:\n{outcome['stdout'][-1000:]}"
    assert outcome["code"] == spec.get("code", 2), shown
    assert "Traceback" not in outcome["stderr"] + outcome["stdout"], shown
    assert "Interne fout" not in outcome["stderr"], shown
    command = spec.get("command", DEFAULT_COMMAND)
    # validate reports on stdout, and so does a command whose outcome (not an error) the case checks
    stream = spec.get("stream", "stdout" if command[0] == "validate" else "stderr")
    report = outcome[stream]
    flat = " ".join(report.split())
    for expected in spec["expect"]:
        assert " ".join(expected.split()) in flat, f"verwacht: {expected}\n{shown}"
    for unwanted in spec.get("absent", []):
        assert " ".join(unwanted.split()) not in flat, f"niet verwacht: {unwanted}\n{shown}"
    positions = [flat.find(" ".join(text.split())) for text in spec.get("order", [])]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), f"volgorde: {spec.get('order')}\n{shown}"
    if _output(command) not in (None, "-"):
        assert outcome["stdout"] == "", shown  # output goes to --output, and there is none
    assert outcome["after"] == outcome["before"], "er is iets geschreven of veranderd"
    assert outcome["previous"] == PREVIOUS  # an earlier output file is untouched
