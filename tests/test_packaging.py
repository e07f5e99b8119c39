"""The package as a user installs it: sdist -> wheel -> `pip install` into a new venv, used from another folder.

The build runs with the pinned backend of this venv (requirements/build.txt), offline. The new venv gets criteria
from the wheel only; its dependencies are this venv's (a path entry added after the install), so the test needs no
network. .ci/wheel-check does the same with a venv installed from the hashed runtime lock.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from conftest import REPO

import criteria


def run(*args: str | Path, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "PYTHONIOENCODING": "utf-8",
        "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    for name in ("PYTHONPATH", "PIP_FIND_LINKS", "PIP_CONSTRAINT", "PIP_EXTRA_INDEX_URL"):
        env.pop(name, None)
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def shipped(folder: str) -> set[str]:
    """The files of a repository folder that a build ships (hidden files and caches left out)."""
    root = REPO / folder
    return {
        p.relative_to(REPO).as_posix()
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in p.relative_to(root).parts)
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """An sdist built from the repository, and the wheel built from that sdist (as `python -m build` does)."""
    out = tmp_path_factory.mktemp("build")
    code = "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))"
    proc = run(sys.executable, "-c", code, out, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    sdist = out / proc.stdout.strip().splitlines()[-1]
    with tarfile.open(sdist) as archive:
        archive.extractall(out, filter="data")
    unpacked = out / sdist.name.removesuffix(".tar.gz")
    proc = run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "--no-build-isolation",
        unpacked,
        "-w",
        out / "wheel",
        cwd=out,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = (out / "wheel").glob("criteria-*.whl")
    return {"sdist": sdist, "wheel": wheel, "out": out}


def test_the_sdist_carries_the_examples_and_the_locks(built) -> None:
    with tarfile.open(built["sdist"]) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert shipped("rulesets") | shipped("cases") <= names
    assert {
        "setup.py",
        "MANIFEST.in",
        "LICENSE",
        "requirements/runtime.txt",
        "requirements/test.txt",
        "requirements/build.txt",
    } <= names


def test_the_wheel_carries_examples_reference_data_templates_and_licence(built) -> None:
    names = set(zipfile.ZipFile(built["wheel"]).namelist())
    examples = {"criteria/voorbeelden/" + name for name in shipped("rulesets") | shipped("cases")}
    assert {n for n in names if n.startswith("criteria/voorbeelden/")} == examples
    package_data = {
        n for n in shipped("criteria/data") | shipped("criteria/authoring/scaffold") if not n.endswith(".py")
    }
    assert package_data and package_data <= names
    assert "criteria/voorbeelden/cases/heemstede-bloemendaal/case.toml" in names
    for name in examples:  # the same bytes as in the repository
        assert (
            zipfile.ZipFile(built["wheel"]).read(name)
            == (REPO / name.removeprefix("criteria/voorbeelden/")).read_bytes()
        )
    info = f"criteria-{criteria.__version__}.dist-info"
    assert f"{info}/licenses/LICENSE" in names
    metadata = Parser().parsestr(zipfile.ZipFile(built["wheel"]).read(f"{info}/METADATA").decode())
    assert metadata["Version"] == criteria.__version__ and metadata["License-Expression"] == "EUPL-1.2"
    assert any(r.startswith("typer") and "<0.30" in r for r in metadata.get_all("Requires-Dist"))
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "rulesets/", "cases/", "docs/"))]


@pytest.fixture(scope="module")
def installed(built) -> Path:
    """A new venv with criteria installed from the wheel (not editable); the dependencies come from this venv."""
    venv = built["out"] / "venv"
    proc = run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=built["out"])
    assert proc.returncode == 0, proc.stderr
    python = venv / "bin" / "python"
    proc = run(
        sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", built["wheel"], cwd=built["out"]
    )
    assert proc.returncode == 0, proc.stderr
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=built["out"])
    # after the install, so pip never sees this venv's editable criteria; appended: the wheel's criteria comes first
    (Path(site.stdout.strip()) / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def test_an_installed_wheel_runs_the_examples_from_another_folder(installed, tmp_path) -> None:
    criteria_cmd = installed / "bin" / "criteria"
    where = run(installed / "bin" / "python", "-c", "import criteria; print(criteria.__file__)", cwd=tmp_path)
    assert where.stdout.startswith(str(installed)), where.stdout + where.stderr  # the wheel's copy, not the checkout
    assert run(criteria_cmd, "--version", cwd=tmp_path).stdout == f"criteria {criteria.__version__}\n"

    copied = run(criteria_cmd, "voorbeeld", "./vb", cwd=tmp_path)
    assert copied.returncode == 0, copied.stderr
    assert "Volgende stap: criteria evaluate vb/cases/heemstede-bloemendaal" in copied.stdout
    evaluated = run(criteria_cmd, "evaluate", "vb/cases/heemstede-bloemendaal", "--format", "json", cwd=tmp_path)
    assert evaluated.returncode == 0, evaluated.stderr
    assert '"ruleset_id": "heemstede_2020"' in evaluated.stdout
    cases = sorted(p.name for p in (tmp_path / "vb" / "cases").iterdir())
    assert cases == sorted(p.name for p in (REPO / "cases").iterdir() if (p / "case.toml").is_file())
    for case in cases:  # every copied case; those on the CBS data read it from the installed package
        proc = run(criteria_cmd, "evaluate", f"vb/cases/{case}", "--format", "json", cwd=tmp_path)
        assert proc.returncode == 0, (case, proc.stderr)
        meta = json.loads(proc.stdout)["meta"]
        uses_cbs = 'source = "cbs-iv3"' in (REPO / "cases" / case / "case.toml").read_text()
        assert (meta.get("reference_values", 0) > 0) == uses_cbs, case

    made = run(criteria_cmd, "init", "case", "x", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    step = re.search(r"Controleer met: (criteria validate \S+)", made.stdout)
    assert step and "geschreven: rulesets/heemstede-2020.toml" in made.stdout, made.stdout
    validated = run(criteria_cmd, *step.group(1).split()[1:], cwd=tmp_path)
    assert validated.returncode == 0 and "In orde" in validated.stdout, validated.stdout + validated.stderr
