"""criteria.dataclass_code: @dataclass runs stored compiled code for the texts it knows, the same code a compile
gives, and compiles every other text as exec() would; the shipped store is what regenerating it gives."""

from __future__ import annotations

import dataclasses
import marshal
import subprocess
import sys
from dataclasses import FrozenInstanceError, dataclass
from importlib.util import MAGIC_NUMBER

import pytest
from conftest import run_cli

import criteria.dataclass_code as dc

SHIPPED = marshal.loads(dc.STORE.read_bytes())


@pytest.fixture
def installed():
    restore = dc.install()
    yield
    restore()


def test_the_hook_is_there_only_while_the_command_runs(monkeypatch) -> None:
    """Importing criteria changes nothing in dataclasses; criteria.cli.main installs the hook and takes it away."""
    seen = []
    from criteria.cli import support

    run_app = support.run_app
    monkeypatch.setattr(support, "run_app", lambda app: seen.append(vars(dataclasses).get("exec")) or run_app(app))
    assert "exec" not in vars(dataclasses)
    assert run_cli("--version").returncode == 0
    assert seen == [dc._exec]
    assert "exec" not in vars(dataclasses)


def test_install_puts_back_what_was_there() -> None:
    assert "exec" not in vars(dataclasses)
    outer = dc.install()
    inner = dc.install()
    assert dataclasses.exec is dc._exec  # type: ignore[attr-defined]
    inner()
    assert dataclasses.exec is dc._exec  # type: ignore[attr-defined]
    outer()
    assert "exec" not in vars(dataclasses)


def test_install_does_nothing_where_dataclasses_compiles_otherwise(monkeypatch) -> None:
    monkeypatch.delattr(dataclasses, "_create_fn")  # as on Python 3.13
    dc.install()()
    restore = dc.install()
    assert "exec" not in vars(dataclasses)
    restore()


def test_every_stored_code_is_what_compiling_its_text_gives() -> None:
    codes = dc.read_store()
    assert len(codes) > 500  # the classes of every criteria module and of the libraries it imports
    for text, blob in codes.items():
        stored, fresh = marshal.loads(blob), compile(text, "<string>", "exec", dont_inherit=True)
        assert stored == fresh and stored.co_filename == fresh.co_filename == "<string>", text


@pytest.mark.skipif(SHIPPED[1] != MAGIC_NUMBER, reason="the shipped store is for another Python version")
def test_the_shipped_store_is_what_regenerating_it_gives(tmp_path) -> None:
    """Fails after a dataclass was added or changed until the store is regenerated: python -m criteria.dataclass_code"""
    path = tmp_path / "store.marshal"
    subprocess.run([sys.executable, "-m", "criteria.dataclass_code", str(path)], check=True, capture_output=True)
    assert path.read_bytes() == dc.STORE.read_bytes()


def _settings_shape():
    @dataclass(frozen=True)
    class Settings:  # the shape of criteria.engine.sensitivity_settings.Settings: its texts are in the store
        samples: int = 10_000
        spread: float = 0.20
        seed: int = 2020

    return Settings


def test_a_known_text_runs_the_stored_code_without_compiling(monkeypatch, installed) -> None:
    def refuse(text):
        raise AssertionError("compiled although stored")

    monkeypatch.setattr(dc, "_compiled", refuse)
    settings = _settings_shape()
    one = settings(samples=5)
    assert (
        one == settings(5, 0.20, 2020)
        and one != settings()
        and repr(one).endswith("(samples=5, spread=0.2, seed=2020)")
    )
    with pytest.raises(FrozenInstanceError):
        one.seed = 1  # type: ignore[misc]


def test_an_unknown_text_is_compiled_as_exec_would(monkeypatch, installed) -> None:
    compiled = []
    original = dc._compiled
    monkeypatch.setattr(dc, "_compiled", lambda text: compiled.append(text) or original(text))

    @dataclass(frozen=True)
    class Unusual:
        a_field_no_criteria_class_has: int
        another_one_of_those: str = "x"

    assert compiled, "a text the store cannot know"
    assert Unusual(1) == Unusual(1, "x") and hash(Unusual(1)) == hash(Unusual(1, "x"))
    # not compiled with this test module's `from __future__ import annotations`: the return annotation is None,
    # as @dataclass makes it, not the text '_return_type'
    assert Unusual.__init__.__annotations__["return"] is None


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not marshal at all",
        marshal.dumps((dc.FORMAT, b"\x00\x00\r\n", {})),  # another Python
        marshal.dumps((dc.FORMAT + 1, MAGIC_NUMBER, {"x": b""})),  # another layout
        marshal.dumps((dc.FORMAT, MAGIC_NUMBER, {"x": "not bytes"})),
        marshal.dumps([1, 2, 3]),
    ],
)
def test_a_damaged_or_foreign_store_is_not_used(tmp_path, content: bytes) -> None:
    path = tmp_path / "store.marshal"
    path.write_bytes(content)
    assert dc.read_store(path) == {}
    assert dc.read_store(tmp_path / "missing.marshal") == {}
