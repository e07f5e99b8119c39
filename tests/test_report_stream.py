"""The report written subject by subject (issue 12 part 2): the same content as the document built whole, one
subject's breakdowns at a time, and for a large case a folder: an index page plus a page per subject, written
whole or not at all under the same --output rules as a file."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from archive_helpers import cli
from conftest import CASE
from report_support import bundled

from criteria import limits
from criteria.files.marker import is_ours
from criteria.report.documents.build import render_report, report_parts, write_report
from criteria.report.documents.findings import findings
from criteria.result.view import ResultView


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def case() -> Path:
    return CASE


def _cells(data: bytes) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [
        (
            sheet.title,
            sheet.freeze_panes,
            cell.coordinate,
            cell.value,
            cell.data_type,
            cell.number_format,
            cell.font.b,
            cell.alignment.wrap_text,
            cell.alignment.indent,
        )
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


@pytest.mark.parametrize("appendix", ["samenvatting", "volledig", "geen"])
def test_the_streamed_report_is_the_document_built_whole(appendix: str) -> None:
    from criteria.report.documents.build import build_document
    from criteria.report.documents.html import render_html
    from criteria.report.documents.markdown import render_markdown
    from criteria.report.documents.xlsx import render_xlsx

    doc = build_document(bundled(), ["een waarschuwing"], appendix=appendix)
    streamed = {
        fmt: render_report(bundled(), fmt, ["een waarschuwing"], appendix=appendix)
        for fmt in ("html", "markdown", "xlsx")
    }
    assert streamed["html"].decode() == render_html(doc)
    assert streamed["markdown"].decode() == render_markdown(doc)
    assert _cells(streamed["xlsx"]) == _cells(render_xlsx(doc))


class Counting(ResultView):
    """A view that counts the subjects whose breakdowns are built."""

    built: list[str]

    def breakdown(self, subject_id: str, year: int):
        if subject_id not in self.built:
            self.built.append(subject_id)
        return super().breakdown(subject_id, year)


def counting(result: ResultView) -> Counting:
    view = Counting.__new__(Counting)
    view.__dict__.update(result.__dict__)
    view.built = []
    return view


class Watching(io.StringIO):
    """A text stream that records, at every subject section written, which subjects' breakdowns had been built."""

    def __init__(self, view: Counting) -> None:
        super().__init__()
        self.view, self.seen = view, []

    def write(self, text: str) -> int:
        if 'class="subject"' in text:
            section = text.split('id="onderwerp-', 1)[1].split('"', 1)[0]
            self.seen.append((section, set(self.view.built)))
        return super().write(text)


def test_each_subject_is_written_before_the_next_subjects_breakdowns_are_built() -> None:
    view = counting(bundled())
    out = Watching(view)
    write_report(out, report_parts(view, appendix="volledig"), "html")
    order = [s.id for s in view.scored]
    assert [section for section, _ in out.seen] == order
    for k, (section, built) in enumerate(out.seen):
        later = (
            set(order[k + 1 :])
            - {c.voorstel for c in view.comparisons}
            - {c.huidige_situatie for c in view.comparisons}
        )
        assert section in built and not built & later  # bounded memory: no later subject's trees yet


def test_the_cli_writes_the_same_report_as_render_report(case: Path, tmp_path: Path, capsys) -> None:
    for fmt, suffix in (("html", "html"), ("markdown", "md")):
        code, _, err = cli(capsys, "rapport", str(case), "--output", str(tmp_path / f"r.{suffix}"))
        assert code == 0, err
        from criteria.pipeline.run import run

        done = run(case)
        expected = render_report(done.result, fmt, [p.render() for p in done.warnings], findings=findings(done.result))
        assert (tmp_path / f"r.{suffix}").read_bytes() == expected
        assert f"Rapport geschreven: {tmp_path / f'r.{suffix}'} ({fmt}, {round(len(expected) / 1024)} kB)" in flat(err)


def test_a_report_folder_has_an_index_and_a_page_per_subject(case: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "rapport"
    code, _, err = cli(capsys, "rapport", str(case), "--map", "--output", str(folder))
    assert code == 0, err
    result = bundled()
    pages = sorted((folder / "onderwerpen").iterdir())
    assert [p.name.split("-", 1)[1] for p in pages] == [f"{s.id}.html" for s in result.scored]
    assert sorted(p.name for p in folder.iterdir()) == ["index.html", "onderwerpen"]
    index = (folder / "index.html").read_text(encoding="utf-8")
    done_findings = findings(result)
    for sid, finding in done_findings.items():
        page = next(p for p in pages if p.name.endswith(f"-{sid}.html"))
        assert f'href="onderwerpen/{page.name}"' in index
        text = page.read_text(encoding="utf-8")
        from html import escape

        assert escape(finding.headline) in index and escape(finding.headline) in text
        assert 'href="../index.html"' in text and "Scores per jaar" in text
    assert "<svg" not in index.split('id="overzicht"')[1].split("</section>")[0]  # the index: no charts, small
    assert all(is_ours(p) for p in [folder / "index.html", *pages])
    assert f"map {folder}" in flat(err) and f"{len(pages) + 1} pagina's" in flat(err)


def test_a_markdown_folder_links_each_page(case: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "md"
    code, _, err = cli(
        capsys, "rapport", str(case), "--map", "-f", "markdown", "--bijlage", "volledig", "-o", str(folder)
    )
    assert code == 0, err
    index = (folder / "index.md").read_text(encoding="utf-8")
    for page in (folder / "onderwerpen").iterdir():
        assert page.read_text(encoding="utf-8").startswith("<!-- gemaakt door criteria ")
        if not page.name.endswith(("INF_SAMEN.md", "INF_SAMEN_huidig.md")):  # a voorstel's section is on the index
            assert f"](onderwerpen/{page.name})" in index


def test_an_earlier_report_folder_is_replaced_and_anything_else_is_refused_untouched(
    case: Path, tmp_path: Path, capsys
) -> None:
    folder = tmp_path / "rapport"
    assert cli(capsys, "rapport", str(case), "--map", "-o", str(folder))[0] == 0
    assert cli(capsys, "rapport", str(case), "--map", "-o", str(folder), "-f", "markdown")[0] == 0
    assert sorted(p.name for p in folder.iterdir()) == ["index.md", "onderwerpen"]  # the old pages are gone
    (folder / "notities.txt").write_text("van iemand anders", encoding="utf-8")
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    for extra in ([], ["--force"]):
        code, _, err = cli(capsys, "rapport", str(case), "--map", "-o", str(folder), *extra)
        assert code == 2 and "niet alles daarin is door criteria gemaakt" in flat(err), err
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport"]  # no staging folder left


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda p: p.write_text("x"), "bestaat al en is geen map"),
        (lambda p: p.symlink_to(p.parent), "is een symbolische koppeling"),
    ],
)
def test_a_file_or_a_link_is_refused_as_a_report_folder(case: Path, tmp_path: Path, capsys, setup, message) -> None:
    target = tmp_path / "doel"
    setup(target)
    code, _, err = cli(capsys, "rapport", str(case), "--map", "-o", str(target))
    assert code == 2 and message in flat(err)


def test_a_report_folder_is_checked_before_the_work(case: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    from criteria.cli.commands import rapport

    monkeypatch.setattr(rapport, "run_corrected", lambda *a, **k: pytest.fail("evaluated before the check"))
    for args, message in (
        ([str(tmp_path / "nergens" / "r")], "bestaat niet"),
        ([str(tmp_path / "r"), "-f", "xlsx"], "een rekenblad (xlsx) is altijd één bestand"),
        ([str(tmp_path / "r"), "--bijlage", "geen"], "kies --bijlage samenvatting of volledig"),
    ):
        code, _, err = cli(capsys, "rapport", str(case), "--map", "-o", *args)
        assert code == 2 and message in flat(err), err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_failure_while_writing_a_folder_leaves_the_earlier_one(
    case: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    folder = tmp_path / "rapport"
    assert cli(capsys, "rapport", str(case), "--map", "-o", str(folder))[0] == 0
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    import criteria.report.documents.folder as report_folder

    real = report_folder._html_page
    calls = []

    def failing(*args):
        calls.append(1)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(*args)

    monkeypatch.setattr(report_folder, "_html_page", failing)
    code, _, err = cli(capsys, "rapport", str(case), "--map", "-o", str(folder), "--bijlage", "volledig")
    assert code == 2 and f"'{folder}' kan niet worden geschreven: de schijf is vol" in flat(err), err
    assert {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport"]


def test_a_report_in_one_file_is_for_a_person_above_it_a_folder(
    case: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setattr(limits, "MAX_REPORT_FILE_SUBJECTS", 3)
    code, _, err = cli(capsys, "rapport", str(case), "-o", str(tmp_path / "r.html"))
    assert code == 2 and "een rapport in één bestand is gemaakt voor hoogstens 3 onderwerpen. Geef --map" in flat(err)
    assert not (tmp_path / "r.html").exists()
    assert cli(capsys, "rapport", str(case), "--map", "-o", str(tmp_path / "r"))[0] == 0


def test_a_report_is_no_longer_bound_by_the_breakdown_limit(case: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    """The breakdowns are built subject by subject: only building them all at once (the archive) keeps the bound."""
    monkeypatch.setattr(limits, "MAX_BREAKDOWN_CELLS", 100)
    assert cli(capsys, "rapport", str(case), "-o", str(tmp_path / "r.html"))[0] == 0
    code, _, err = cli(
        capsys, "rapport", str(case), "-o", str(tmp_path / "r.html"), "--archief", str(tmp_path / "a.sqlite")
    )
    assert code == 2 and "rekencellen voor JSON-uitvoer in versie 1 of het archief" in flat(err)
