"""Ruleset inheritance: `extends` by id within one folder, deep merge, `remove`, provenance, canonical hash."""

from __future__ import annotations

import shutil
import tempfile
import textwrap
import tomllib
from pathlib import Path

import pytest
from builders import toml_head
from conftest import REPO, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria.authoring.toml_write import resolved_toml
from criteria.errors import InputError
from criteria.load.inherit import declaring, read_resolved, ruleset_index
from criteria.load.ruleset import load_ruleset, ruleset_sha256
from criteria.model.ruleset import Ruleset

RULESETS = REPO / "rulesets"
PARENT = toml_head("ouder") + textwrap.dedent("""
    [fields.x]
    title = "x"
    unit = "%"
    min = 0
    max = 100

    [fields.y]
    title = "y"

    [criteria.totaal]
    title = "Totaal"

    [criteria.a]
    title = "A"
    parent = "totaal"
    weight = 2

    [criteria.a1]
    title = "A1"
    parent = "a"

    [indicators.ix]
    title = "Ix"
    parent = "a1"
    formula = "x"
    unit = "%"
    scoring = { kind = "bands", bands = [{ max = 50, score = 0 }, { min = 50, score = 10 }] }
    norm = { at_least = 50 }
    toelichting = "ouder"

    [indicators.iy]
    title = "Iy"
    parent = "totaal"
    formula = "y"
    scoring = { kind = "linear", slecht = 0, goed = 10 }
    norm = { at_least = 1, knockout = "fail" }
    toelichting = "ouder"
""")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    write(tmp_path, "ouder.toml", PARENT)
    return tmp_path


def child(folder: Path, body: str, name: str = "kind.toml") -> Path:
    return write(folder, name, 'id = "kind"\nextends = "ouder"\n' + textwrap.dedent(body))


def messages(err: pytest.ExceptionInfo) -> list[str]:
    return [p.render() for p in err.value.problems]


def test_child_overrides_merge_tables_and_replace_lists(folder: Path) -> None:
    path = child(
        folder,
        """
        version = "2"
        [criteria.a]
        weight = 5
        [indicators.ix]
        scoring = { kind = "bands", bands = [{ max = 40, score = 0 }, { min = 40, score = 10 }] }
        [indicators.nieuw]
        title = "Nieuw"
        parent = "totaal"
        formula = "y"
        scoring = { kind = "linear", slecht = 0, goed = 5 }
        toelichting = "kind"
        """,
    )
    rs = load_ruleset(path).ruleset
    assert rs.id == "kind" and rs.version == "2" and rs.title == "Ouder"
    assert rs.criteria["a"].weight == 5 and rs.criteria["a"].title == "A"  # table merged key by key
    assert [b.max for b in rs.indicators["ix"].scoring.bands] == [40, None]  # the list replaced as a whole
    assert rs.indicators["ix"].norm.at_least == 50  # untouched keys inherited
    assert list(rs.indicators) == ["ix", "iy", "nieuw"]


def test_remove_a_criterion_removes_its_subtree_and_a_key(folder: Path) -> None:
    path = child(
        folder,
        """
        remove = ["criteria.a", "indicators.iy.norm", "fields.x"]
        [indicators.iy]
        norm = { at_least = 5 }
        """,
    )
    rs = load_ruleset(path).ruleset
    assert set(rs.criteria) == {"totaal"} and set(rs.indicators) == {"iy"} and set(rs.fields) == {"y"}
    assert rs.indicators["iy"].norm.at_least == 5  # removed first, then set again by the child
    assert rs.indicators["iy"].norm.knockout == "none"  # nothing of the removed norm is left


def test_provenance_names_the_file_and_line_that_set_each_value(folder: Path) -> None:
    path = child(
        folder,
        """
        [criteria.a]
        weight = 5
        """,
    )
    source = load_ruleset(path, str(path)).source
    assert source.where(("criteria", "a", "weight")) == (str(path), 5)
    file, line = source.where(("criteria", "a", "title"))
    assert file.endswith("ouder.toml") and line == 22
    assert source.chain[0] == str(path) and source.chain[1].endswith("ouder.toml")


def test_errors_in_inherited_values_point_at_the_file_that_set_them(folder: Path) -> None:
    path = child(
        folder,
        """
        [indicators.iy]
        formula = "z"
        """,
    )
    with pytest.raises(InputError) as err:
        load_ruleset(path, str(path))
    [problem] = err.value.errors
    assert problem.file == str(path) and problem.line == 5 and problem.place == "indicators.iy.formula"


@pytest.mark.parametrize(
    "body, fragment",
    [
        ("", "onbekend toetsingskader 'ouderr'"),
    ],
)
def test_unknown_parent_is_named_with_a_suggestion(folder: Path, body: str, fragment: str) -> None:
    path = write(folder, "kind.toml", 'id = "kind"\nextends = "ouderr"\n')
    with pytest.raises(InputError) as err:
        load_ruleset(path, str(path))
    text = messages(err)[0]
    assert fragment in text and "kind → ouderr" in text and "bedoelde u 'ouder'?" in text and "regel 2" in text


def test_loops_and_self_extension_are_errors_naming_the_chain(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", 'id = "a"\nextends = "b"\n')
    write(tmp_path, "b.toml", 'id = "b"\nextends = "c"\n')
    write(tmp_path, "c.toml", 'id = "c"\nextends = "a"\n')
    write(tmp_path, "zelf.toml", 'id = "zelf"\nextends = "zelf"\n')
    with pytest.raises(InputError) as err:
        load_ruleset(tmp_path / "a.toml")
    assert "kring" in messages(err)[0] and "a → b → c → a" in messages(err)[0]
    with pytest.raises(InputError) as err:
        load_ruleset(tmp_path / "zelf.toml")
    assert "breidt zichzelf uit: zelf → zelf" in messages(err)[0]


@pytest.mark.parametrize("value", ["../ouder", "sub/ouder", "ouder.toml", "..\\\\ouder"])
def test_a_path_instead_of_an_id_is_refused(folder: Path, value: str) -> None:
    path = write(folder, "kind.toml", f'id = "kind"\nextends = "{value}"\n')
    with pytest.raises(InputError) as err:
        load_ruleset(path)
    assert "is een pad" in messages(err)[0]


def test_parent_outside_the_folder_is_not_found(folder: Path) -> None:
    sub = folder / "sub"
    sub.mkdir()
    path = write(sub, "kind.toml", 'id = "kind"\nextends = "ouder"\n')
    with pytest.raises(InputError) as err:
        load_ruleset(path)
    assert "onbekend toetsingskader 'ouder'" in messages(err)[0]


def test_remove_of_something_that_does_not_exist_is_located_with_a_suggestion(folder: Path) -> None:
    path = child(folder, 'remove = ["indicators.ixx"]\n')
    with pytest.raises(InputError) as err:
        load_ruleset(path)
    text = messages(err)[0]
    assert "regel 3" in text and "remove[0]" in text and "bedoelde u 'ix'?" in text


def test_resolved_toml_is_standalone_and_has_the_same_hash() -> None:
    loaded = load_ruleset(RULESETS / "bureau-2021.toml")
    text = resolved_toml(loaded.source)
    data = tomllib.loads(text)
    assert "extends" not in data and "remove" not in data
    assert ruleset_sha256(Ruleset.model_validate(data)) == loaded.sha256
    assert "vacatureduur" not in data["indicators"] and data["indicators"]["verzuim"]["measure"] == "difference"


def test_the_hash_is_of_the_effective_ruleset_not_of_the_text(tmp_path: Path) -> None:
    shutil.copy(RULESETS / "heemstede-2020.toml", tmp_path / "a.toml")
    original = load_ruleset(tmp_path / "a.toml").sha256
    text = (tmp_path / "a.toml").read_text(encoding="utf-8")
    (tmp_path / "b.toml").write_text(
        "# ander commentaar\n\n" + text.replace("weight = 40\n", "weight = 40.0\n"), encoding="utf-8"
    )
    assert load_ruleset(tmp_path / "b.toml").sha256 == original
    (tmp_path / "c.toml").write_text(text.replace("weight = 40\n", "weight = 41\n", 1), encoding="utf-8")
    assert load_ruleset(tmp_path / "c.toml").sha256 != original


def test_an_extension_that_changes_nothing_has_the_parents_hash_apart_from_its_id(folder: Path) -> None:
    path = child(folder, "")
    parent = load_ruleset(folder / "ouder.toml").ruleset
    assert load_ruleset(path).sha256 == ruleset_sha256(parent.model_copy(update={"id": "kind"}))


def test_ruleset_toon_prints_every_value_with_its_file() -> None:
    proc = run_cli("ruleset", "toon", "rulesets/bureau-2021.toml")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Verwijderd door rulesets/bureau-2021.toml: indicators.vacatureduur" in out
    lines = {line.split("←")[0].strip(): line.split("←")[1].strip() for line in out.splitlines() if "←" in line}
    assert lines["weight = 30"].startswith("rulesets/bureau-2021.toml:")  # flexibiliteit, overridden
    assert any(
        k.startswith('title = "Kwetsbaarheid"') and v.startswith("rulesets/heemstede-2020.toml:")
        for k, v in lines.items()
    )
    proc = run_cli("ruleset", "toon", "rulesets/bureau-2021.toml", "--format", "toml")
    assert proc.returncode == 0 and "extends" not in tomllib.loads(proc.stdout)


def test_lines_are_looked_up_only_when_asked_and_are_those_of_the_file_that_set_them(monkeypatch) -> None:
    """read_resolved keeps where each key path was set without scanning the parent for lines (a valid ruleset
    never needs one); asked afterwards, every key path answers with the line the scanner finds in that file."""
    from criteria.errors import ProblemList
    from criteria.load import toml_source
    from criteria.load.inherit import read_resolved
    from criteria.load.toml_source import read_toml

    scanned: list[str] = []
    run = toml_source._Scanner.run

    def counted(self) -> None:
        scanned.append(self.s)
        run(self)

    with monkeypatch.context() as patched:
        patched.setattr(toml_source._Scanner, "run", counted)
        resolved = read_resolved(REPO / "rulesets" / "bureau-2021.toml", "rulesets/bureau-2021.toml")
    parent = (REPO / "rulesets" / "heemstede-2020.toml").read_text(encoding="utf-8")
    assert len(scanned) <= 1 and parent not in scanned  # at most the child's own 'extends' line was looked up
    fresh = {
        shown: read_toml(REPO / shown, shown, ProblemList())
        for shown in ("rulesets/bureau-2021.toml", "rulesets/heemstede-2020.toml")
    }
    files = set()
    for path in resolved.origins:
        file, line = resolved.where(path)
        files.add(file)
        source = fresh[file]
        assert source is not None
        assert line == (source.line_of(path) if path else None)
    assert files == set(fresh)  # both files of the chain set values


def found(folder: Path, wanted: str) -> list[Path]:
    """The files `declaring` reads for one id."""
    return [Path(source.path) for source in declaring(folder, wanted, str)]


@pytest.mark.parametrize("wanted", ["x_1", "y", "z", "x\\1", "a\nb", "heemstede"])
def test_looking_for_one_id_finds_the_files_the_whole_index_has_for_it(tmp_path: Path, wanted: str) -> None:
    texts = {
        "a.toml": 'id = "x_1"\n',
        "b.toml": 'id = "x\\u005f1"  # spelled with an escape\n',
        "c.toml": 'id = "x_1"\nid = "twice"\n',  # not TOML
        "d.toml": "id = 'y'\n[fields.x_1]\n",
        "e.toml": 'title = "y, x_1"\n',
        "f.toml": 'id = """a\r\nb"""\n',
        "g.toml": 'id = "x\\\\1"\n',
        "h.toml": 'description = """\n[not a header]\n"""\nid = "z"\n[fields]\n',
        "i.toml": 'id = "z"\n[fields]\nbroken =\n',  # not TOML after its header
        "j.toml": 'id = """heem\\\n    stede"""\n',
        "a.tests.toml": 'id = "x_1"\n',
    }
    for name, text in texts.items():
        (tmp_path / name).write_bytes(text.encode("utf-8"))
    whole = ruleset_index(tmp_path)
    assert whole["x_1"] == [tmp_path / "a.toml", tmp_path / "b.toml"] and whole["y"] == [tmp_path / "d.toml"]
    assert whole["z"] == [tmp_path / "h.toml"] and whole["heemstede"] == [tmp_path / "j.toml"]
    assert found(tmp_path, wanted) == whole.get(wanted, [])


PIECES = (
    'id = "x"\n',
    "id = 'y'\n",
    'id = "\\u0078"\n',
    'id = """x"""\n',
    'id = """\\\n  x"""\n',
    "[fields]\n",
    "  [criteria.a]\n",
    "[[list]]\n",
    'text = """\n[fields]\nid = "x"\n"""\n',
    "numbers = [\n[1], [2]]\n",
    "broken =\n",
    "# id = 'x'\n",
    'title = "x"\n',
    "a.id = 'x'\n",
    "\n",
)


@given(files=st.lists(st.lists(st.sampled_from(PIECES), max_size=6), min_size=1, max_size=4))
@settings(max_examples=150)
def test_looking_for_one_id_is_the_whole_index_for_that_id_law(files: list[list[str]]) -> None:
    """Whatever the files hold, the files found for one id are those the whole index has for it."""
    with tempfile.TemporaryDirectory() as folder:
        for i, pieces in enumerate(files):
            (Path(folder) / f"r{i}.toml").write_text("".join(pieces), encoding="utf-8")
        whole = ruleset_index(Path(folder))
        for wanted in ("x", "y", "z"):
            assert found(Path(folder), wanted) == whole.get(wanted, [])


CHILDREN = (
    """
    version = "2"
    [criteria.a]
    weight = 5
    [indicators.ix]
    scoring = { kind = "bands", bands = [{ max = 40, score = 0 }] }
    """,
    """
    remove = ["criteria.a", "indicators.iy.norm", "fields.x"]
    [indicators.iy]
    norm = { at_least = 5 }
    """,
    """
    fields = 3
    [indicators.ix]
    scoring = "geen tabel meer"
    norm = [1, { at_least = 2 }]
    [criteria.totaal]
    title = { a = [1, 2] }
    """,
)


@pytest.mark.parametrize("body", CHILDREN)
def test_every_resolved_value_and_only_those_has_an_origin(body: str, folder: Path) -> None:
    """The origins name exactly the key paths of the merged data (what inherit._merge_into relies on), whatever
    the child replaces: a table by a scalar, a scalar by a table, a list by a list, a removed subtree."""
    for resolved in (
        read_resolved(child(folder, body), "kind.toml"),
        read_resolved(RULESETS / "bureau-2021.toml", "b"),
    ):
        paths: set = set()
        _walk_paths(resolved.data, (), paths)
        assert set(resolved.origins) == paths


def _walk_paths(value: object, path: tuple, out: set) -> None:
    out.add(path)
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        _walk_paths(item, (*path, key), out)
