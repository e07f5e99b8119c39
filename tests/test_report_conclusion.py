"""The conclusion on the report's first pages: the sentences of criteria.conclusion, for every team."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CASE, run_cli

from criteria.conclusion import text
from criteria.conclusion.compute import conclude, context_of
from criteria.pipeline.corrections import correct
from criteria.pipeline.run import Run, run
from criteria.report.documents.build import build_document
from criteria.report.documents.findings import CORRECTED, findings
from criteria.report.documents.overview import teams


@pytest.fixture(scope="module")
def done() -> Run:
    return run(CASE)


def test_each_team_gets_the_conclusion_the_terminal_gives(done: Run) -> None:
    found = findings(done.result)
    assert list(found) == [s.id for s in teams(done.result)] == ["PO", "COM", "FA", "FZ", "HH"]
    row = done.evaluation.subjects.index("HH")
    c = conclude(done.evaluation, row, context=context_of(done.evaluation), robust=True)
    assert found["HH"].headline == text.headline(c)
    assert found["HH"].sentences == text.sentences(c) and found["HH"].technical == text.technical(c)
    assert any("weegsets" in s for s in found["HH"].sentences)  # how robust: part of the report's conclusion


def test_the_document_shows_the_findings_first_and_the_method_in_the_colophon(done: Run) -> None:
    found = findings(done.result)
    doc = build_document(done.result, findings=found)
    assert [c.finding for c in doc.overview[:5]] == list(found.values())
    assert doc.overview[-1].id == "INF_SAMEN"  # the voorstel keeps its own headline
    assert doc.overview[-1].finding.headline.startswith("2020: totaal voorstel")
    assert doc.method == tuple(dict.fromkeys(line for f in found.values() for line in f.technical))


def test_a_corrected_subject_says_its_conclusion_is_without_the_correction(done: Run) -> None:
    corrected = correct(done.result, ["HH:2019:totaal=5,5"], "besluit begeleidingsgroep")
    found = findings(corrected)
    assert found["HH"].sentences[-1] == CORRECTED and CORRECTED not in found["PO"].sentences


def test_rapport_leads_with_the_conclusion(done: Run, tmp_path: Path) -> None:
    made = run_cli("rapport", str(CASE), "-o", str(tmp_path / "r.md"))
    assert made.returncode == 0, made.stderr
    report = (tmp_path / "r.md").read_text(encoding="utf-8").replace("\\", "")
    found = findings(done.result)
    first = report.index("## Hoe staan we ervoor?")
    for finding in found.values():
        assert first < report.index(f"**{finding.headline}**") < report.index("## Waar is dit rapport op gebaseerd?")
    assert "### Hoe de conclusies zijn berekend" in report
