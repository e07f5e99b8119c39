"""Worked examples in docs/ are what the tool gives (issue 11, class 16).

Each block marked <!-- getoetst: NAME --> in docs/*.md is made again by tests/docs_examples.py from the tool's own
output and must be the same, character for character. After a deliberate change of rules, rulesets or data:
`.venv/bin/python -m tests.docs_examples --write`, then read the diff. Other worked examples are checked beside
their source: tests/test_worked_example.py (the hand computation of Handhaving 2019) and
tests/test_reference_cases.py (docs/referentiegroep.md).
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from docs_examples import BLOCK, DOCS, EXAMPLES, MARKER, REPO, blocks, comma, result, year

FOUND = blocks()


@pytest.mark.parametrize(("path", "name", "text"), FOUND, ids=[f"{p.name}:{n}" for p, n, _ in FOUND])
def test_each_marked_example_is_what_the_tool_gives(path, name, text) -> None:
    assert name in EXAMPLES, f"{path.name}: no function makes the block '{name}' (tests/docs_examples.py)"
    assert text == EXAMPLES[name](), (
        f"{path.name}: the example '{name}' no longer matches the tool; run "
        ".venv/bin/python -m tests.docs_examples --write and read the diff"
    )


def test_every_example_appears_once_and_every_marker_is_closed() -> None:
    names = [name for _path, name, _text in FOUND]
    assert sorted(names) == sorted(EXAMPLES)
    for path in DOCS.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert len(MARKER.findall(text)) == 2 * len(BLOCK.findall(text)), f"{path.name}: an unclosed marker"


@pytest.mark.skipif(shutil.which("sha256sum") is None or shutil.which("bash") is None, reason="needs sha256sum")
def test_the_fingerprint_recipe_gives_the_fingerprint_of_the_result() -> None:
    """docs/formaat-casus.md: the shell recipe, run as written, prints the case_sha256 of the result."""
    [(script, printed)] = re.findall(
        r"```sh\n(.*?)```\n\n```text\n(.*?)\n```", EXAMPLES["vingerafdruk-casus"](), re.DOTALL
    )
    out = subprocess.run(["bash", "-c", script], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    assert out == printed == f"{result()['meta']['case_sha256']}  -"


def test_the_worked_example_has_no_six_decimal_number_the_tool_does_not_give() -> None:
    """docs/rekenregels.md, Uitgewerkt voorbeeld: every number with six decimals in the text is one the tool gives
    for HH 2019 (a score, share, contribution or a number in a verdict or formula text), or one of the hand
    computation's steps (tests/test_worked_example.py) — so a stale figure cannot stay behind."""
    from test_worked_example import hand_computation

    doc = (DOCS / "rekenregels.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Uitgewerkt voorbeeld: Handhaving 2019") :]
    written = set(re.findall(r"(?<![\d,.])\d+,\d{6}(?!\d)", section))
    known = {comma(v, 6) for v in hand_computation().values()}

    def collect(value) -> None:
        if isinstance(value, float | int) and not isinstance(value, bool):
            known.add(comma(value, 6))
        elif isinstance(value, dict):
            for v in value.values():
                collect(v)
        elif isinstance(value, list):
            for v in value:
                collect(v)
        elif isinstance(value, str):
            known.update(re.findall(r"\d+,\d{6}", value))

    collect(year("HH", 2019))
    known |= linear_steps()
    assert written, "the worked example lost its numbers"
    assert written <= known | DERIVED, sorted(written - known - DERIVED)


def linear_steps() -> set[str]:
    """The steps of each linear score of HH 2019 as the example writes them: measure − slecht, measure − goed and
    the score before it is bounded to 0–10, from the tool's measure and the ruleset's anchors."""
    from docs_examples import nodes

    from criteria.load.ruleset import load_ruleset
    from criteria.model.ruleset import LinearScoring

    rs = load_ruleset(REPO / "rulesets" / "heemstede-2020.toml").ruleset
    out = set()
    for n in nodes(year("HH", 2019)):
        rule = rs.indicators[n["id"]].scoring if n["id"] in rs.indicators else None
        if isinstance(rule, LinearScoring) and n["indicator"] and n["indicator"]["measure"] is not None:
            m = n["indicator"]["measure"]
            out |= {
                comma(abs(x), 6)
                for x in (m - rule.slecht, m - rule.goed, 10 * (m - rule.slecht) / (rule.goed - rule.slecht))
            }
    return out


# Intermediate values of the derived fields in the worked example (table 'Afgeleide velden'), each recomputed here
# from the literals of tests/test_worked_example.py.
def _derived() -> set[str]:
    import test_worked_example as w

    inwoners = w.INWONERS_HEEMSTEDE + w.INWONERS_BLOEMENDAAL
    inwoners_2017 = w.INWONERS_HEEMSTEDE_2017 + w.INWONERS_BLOEMENDAAL_2017
    lasten = w.LOONSOM + w.INHUUR + w.MATERIELE_LASTEN
    return {
        comma(x, 6)
        for x in (
            lasten / inwoners,
            lasten / inwoners * 100 / w.PRIJSINDEX,
            100 / w.PRIJSINDEX,
            (w.LOONSOM_2017 + w.INHUUR_2017 + w.MATERIELE_LASTEN_2017) / inwoners_2017 * 100 / w.PRIJSINDEX_2017,
            w.FORMATIE_FTE / inwoners * 1000,
            (w.OOV_HEEMSTEDE + w.OOV_BLOEMENDAAL) * 1000 / inwoners,
            w.OOV_MEDIAAN_2019,
        )
    }


DERIVED = _derived()


def test_the_rule_for_a_verdict_is_stated_once() -> None:
    """rekenregels.md and handleiding.md agree: the shown mark decides a criterion's verdict; no page says the
    unrounded score does."""
    for path in DOCS.glob("*.md"):
        text = " ".join(path.read_text(encoding="utf-8").split())
        assert "bepaald met de **onafgeronde** score" not in text, path.name
        assert "onafgeronde score" not in text.replace("**", ""), path.name
