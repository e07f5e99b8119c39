"""Only regular files are read, never blocking: FIFOs, devices, sockets and folders are refused with their kind."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from criteria.errors import ProblemList
from criteria.files import reading
from criteria.files.reading import Unreadable, read_regular, size_text
from criteria.load.case import read_case
from criteria.load.table import read_table
from criteria.load.toml_source import read_toml


def refusal(path: Path, limit: int = 1000) -> str:
    """The reason read_regular gives, from a thread: a read that blocks fails the test instead of hanging it."""
    outcome: list[str] = []

    def run() -> None:
        try:
            read_regular(path, limit)
            outcome.append("gelezen")
        except Unreadable as exc:
            outcome.append(exc.reason)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(10)
    assert outcome, f"reading {path} blocked"
    return outcome[0]


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pijp.csv")
    assert "named pipe (FIFO)" in refusal(tmp_path / "pijp.csv")


def test_a_device_a_socket_and_a_folder_are_refused_with_their_kind(tmp_path: Path) -> None:
    assert "apparaat" in refusal(Path("/dev/zero"))
    assert refusal(tmp_path) == "dit is een map, geen bestand"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.csv"))
        assert "socket" in refusal(tmp_path / "s.csv")
    finally:
        server.close()


def test_missing_and_too_big(tmp_path: Path) -> None:
    assert refusal(tmp_path / "weg.csv") == "het bestand bestaat niet"
    (tmp_path / "groot.csv").write_bytes(b"x" * 2000)
    assert refusal(tmp_path / "groot.csv") == "het bestand is te groot (2000 bytes); het maximum is 1000 bytes"
    (tmp_path / "klein.csv").write_bytes(b"x" * 1000)
    assert read_regular(tmp_path / "klein.csv", 1000) == b"x" * 1000


def test_a_file_swapped_for_a_fifo_after_the_check_is_caught_on_the_open_file(tmp_path, monkeypatch) -> None:
    """stat says regular (as if the file was swapped afterwards); the non-blocking open and fstat catch it."""
    os.mkfifo(tmp_path / "pijp.csv")
    real, calls = reading.kind_text, []

    def first_check_passes(mode: int) -> str | None:
        calls.append(mode)
        return None if len(calls) == 1 else real(mode)

    monkeypatch.setattr(reading, "kind_text", first_check_passes)
    assert "named pipe (FIFO)" in refusal(tmp_path / "pijp.csv")
    assert len(calls) == 2


def test_size_text_is_dutch() -> None:
    assert [size_text(n) for n in (10, 20 * 1024 * 1024, 3_100_000)] == ["10 bytes", "20 MB", "3,0 MB"]


def test_every_loader_refuses_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.toml")
    os.mkfifo(tmp_path / "x.csv")
    problems = ProblemList()
    assert read_toml(tmp_path / "x.toml", "x.toml", problems) is None
    assert read_table(tmp_path / "x.csv", "x.csv", problems) is None
    assert [p.render() for p in problems.problems] == [
        "x.toml: dit is geen gewoon bestand maar een named pipe (FIFO); die wordt niet gelezen",
        "x.csv: dit is geen gewoon bestand maar een named pipe (FIFO); die wordt niet gelezen",
    ]


def test_a_data_fifo_is_not_reported_as_missing(tmp_path: Path) -> None:
    (tmp_path / "case.toml").write_text(
        'id = "c"\ntitle = "C"\nform = "f"\nruleset = "r.toml"\n'
        'data = ["teams.csv"]\n[partners.a]\nname = "A"\n'
        '[subjects.X]\ntitle = "X"\n',
        encoding="utf-8",
    )
    os.mkfifo(tmp_path / "teams.csv")
    _, problems = read_case(tmp_path, "casus")
    [problem] = problems
    assert problem.render() == (
        "casus/case.toml, regel 5, data[0]: gegevensbestand 'teams.csv': dit is geen "
        "gewoon bestand maar een named pipe (FIFO); die wordt niet gelezen"
    )


@pytest.mark.parametrize("name", ["case.toml"])
def test_a_case_toml_fifo_is_not_reported_as_missing(tmp_path: Path, name: str) -> None:
    os.mkfifo(tmp_path / name)
    case, problems = read_case(tmp_path, "casus")
    assert case is None and "named pipe (FIFO)" in problems[0].message
