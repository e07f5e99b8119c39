"""The voorstel section of `criteria rapport`, end to end: the figures are those of `evaluate -f json`
(`comparisons`), the rows those of the terminal table, the tasks those `explain` names, in HTML, Markdown and
XLSX; for the bundled case (one voorstel, one year) and for Aalsmeer–Amstelveen (one voorstel, three years)."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from html.parser import HTMLParser

import openpyxl
import pytest
from conftest import CASE, REPO, run_cli
from report_support import markdown_tables
from test_cli import contains, flat

from criteria.report.common import VERDICT_STYLE, score_text

AALSMEER = REPO / "cases" / "aalsmeer-amstelveen"
HEADER = ["Criterium", "Voorstel", "Huidig", "Verschil", "Oordeel over het verschil"]
RESOLVED = "na samenvoegen geen eenmansfunctie meer: "
HB_TITLE = "Voorstel: Informatisering samenvoegen tegenover de huidige situatie (INF_HS + INF_BD)"


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("voorstel")
    commands = {
        "json": ("evaluate", str(CASE), "-f", "json", "--json-versie", "1"),
        "table": ("evaluate", str(CASE)),
        "explain": ("explain", str(CASE), "--onderwerp", "INF_SAMEN", "--jaar", "2020", "--volledig"),
        "aa_json": ("evaluate", str(AALSMEER), "-f", "json", "--json-versie", "1"),
    }  # a tree per year
    for name, case, fmt, ext in (
        ("md", CASE, "markdown", "md"),
        ("html", CASE, "html", "html"),
        ("xlsx", CASE, "xlsx", "xlsx"),
        ("aa_md", AALSMEER, "markdown", "md"),
        ("aa_xlsx", AALSMEER, "xlsx", "xlsx"),
    ):
        commands[name] = ("rapport", str(case), "--formaat", fmt, "--output", str(folder / f"{name}.{ext}"))
    with ThreadPoolExecutor(max_workers=len(commands)) as pool:
        futures = {key: pool.submit(run_cli, *args, timeout=120) for key, args in commands.items()}
        done = {key: f.result() for key, f in futures.items()}
    for key, proc in done.items():
        assert proc.returncode == 0, (key, proc.stderr)
    out = {key: done[key].stdout for key in ("json", "table", "explain", "aa_json")}
    for key in ("json", "aa_json"):
        out[key] = json.loads(out[key])
    for key in ("md", "html", "aa_md"):
        out[key] = (folder / f"{key}.{'html' if key == 'html' else 'md'}").read_text(encoding="utf-8")
    for key in ("xlsx", "aa_xlsx"):
        out[key] = openpyxl.load_workbook(folder / f"{key}.xlsx")
    return out


def expected_rows(comparison: dict) -> list[list[str]]:
    """The rows as a council member reads them, from the JSON: score and symbol, signed difference, oordeel."""

    def scored(score, verdict):
        return f"{score_text(score)} {VERDICT_STYLE[verdict][0]}"

    def signed(voorstel, huidig):  # the difference of the marks as they are shown (6,3 − 6,2 = +0,1)
        if voorstel is None or huidig is None:
            return "–"
        shown = Decimal(score_text(voorstel).replace(",", ".")) - Decimal(score_text(huidig).replace(",", "."))
        return ("+" if shown > 0 else "") + score_text(float(abs(shown) if shown == 0 else shown))

    return [
        [
            c["title"],
            scored(c["voorstel"], c["voorstel_verdict"]),
            scored(c["huidig"], c["huidig_verdict"]),
            signed(c["voorstel"], c["huidig"]),
            c["oordeel"],
        ]
        for c in comparison["criteria"]
    ]


def details(result: dict, subject: str, year: int, field: str) -> list[str]:
    """The `details` of a field of a subject in a year, as `explain` prints them under the input."""

    def inputs(node):
        yield from (node["indicator"] or {}).get("inputs", [])
        for child in node["children"]:
            yield from inputs(child)

    subj = next(s for s in result["subjects"] if s["id"] == subject)
    total = next(y["total"] for y in subj["years"] if y["year"] == year)
    return next(i["details"] for i in inputs(total) if i["name"] == field)


def section(markdown: str, heading: str) -> str:
    start = markdown.index(f"\n## {heading}\n") + 1
    end = markdown.find("\n## ", start + 1)
    return markdown[start:end]


def md_comparisons(text: str) -> list[list[list[str]]]:
    return [
        [[re.sub(r"^(· )+", "", row[0]), *row[1:]] for row in t[1:]] for t in markdown_tables(text) if t[0] == HEADER
    ]


def test_markdown_has_the_comparison_of_evaluate_json(runs) -> None:
    comparison = runs["json"]["comparisons"][0]
    part = section(runs["md"], HB_TITLE)
    assert md_comparisons(part) == [expected_rows(comparison)]
    assert "### 2020: totaal voorstel 6,0 ✔, huidig 3,5 ✘, verschil +2,5: beter" in part
    assert "ramingen" in part and "kwaliteit C" in part and "huidige onderwerpen samen" in part
    # after what the report is based on, before all scores per year
    assert (
        runs["md"].index("## Waar is dit rapport op gebaseerd?")
        < runs["md"].index(part)
        < runs["md"].index("## Alle scores per jaar")
    )


def test_the_terminal_shows_the_same_rows(runs) -> None:
    terminal = [flat(line) for line in runs["table"].splitlines()]
    for row in expected_rows(runs["json"]["comparisons"][0]):
        assert " ".join(row) in terminal, row


def test_the_tasks_are_those_explain_names(runs) -> None:
    part = section(runs["md"], HB_TITLE)
    lines = details(runs["json"], "INF_SAMEN", 2020, "eenmansfuncties")
    resolved = [d.removeprefix(RESOLVED) for d in lines if d.startswith(RESOLVED)]
    assert [r.split(" — ")[0] for r in resolved] == [
        "Back-up en herstel",
        "Leveranciersmanagement ICT",
        "Netwerk- en serverbeheer",
    ]
    listed = re.findall(r"^- (.*)$", part.replace("\\_", "_"), re.MULTILINE)
    assert listed == resolved + ["Informatiebeveiliging: alleen M63 (deels: M75)"]
    assert part.index("geen eenmansfunctie meer:") < part.index("Back-up en herstel")
    assert part.index("blijven of worden met het voorstel een eenmansfunctie:") < part.index("Informatiebeveiliging")
    for line in listed:
        assert contains(runs["explain"], line), line


class VoorstelHtml(HTMLParser):
    """The voorstel section of the HTML report: its table rows (cell texts and classes) and list items."""

    def __init__(self) -> None:
        super().__init__()
        self.inside, self.rows, self.items, self.cell, self.toc = 0, [], [], None, []
        self.tag_stack: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href") == "#voorstel-INF_SAMEN":
            self.toc.append(a["href"])
        if tag == "section":
            self.inside = self.inside + 1 if self.inside or a.get("id") == "voorstel-INF_SAMEN" else 0
        if not self.inside:
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "li"):
            self.cell = [tag, a.get("class") or "", ""]

    def handle_data(self, data) -> None:
        if self.cell is not None:
            self.cell[2] += data

    def handle_endtag(self, tag) -> None:
        if tag == "section" and self.inside:
            self.inside -= 1
        elif tag in ("td", "li") and self.cell is not None:
            (self.rows[-1].append((self.cell[2], self.cell[1])) if tag == "td" else self.items.append(self.cell[2]))
            self.cell = None


def test_html_has_the_section_with_text_labels_and_a_toc_entry(runs) -> None:
    page = runs["html"]
    parsed = VoorstelHtml()
    parsed.feed(page)
    rows = [r for r in parsed.rows if r]
    assert [[text for text, _ in r] for r in rows] == expected_rows(runs["json"]["comparisons"][0])
    for row in rows:  # colour is never the only carrier: every verdict has its symbol, every oordeel its word
        assert row[1][0][-1] in "✔✘" and row[2][0][-1] in "✔✘" and row[4][0] in ("beter", "slechter", "gelijk")
    assert parsed.items[-1] == "Informatiebeveiliging: alleen M63 (deels: M75)" and len(parsed.items) == 4
    assert parsed.toc == ["#voorstel-INF_SAMEN"] * 2  # its card on the first page, and the table of contents
    assert page.index('id="basis"') < page.index('id="voorstel-INF_SAMEN"') < page.index('id="samenvatting"')
    assert '<section class="voorstel" id="voorstel-INF_SAMEN">' in page and "2020" in page


def sheet_rows(book: openpyxl.Workbook, name: str) -> tuple[list, list[tuple]]:
    sheet = book[name]
    header = [c.value for c in sheet[1]]
    rows = []
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if row[0] is None or not isinstance(row[0], int):
            break
        rows.append(row)
    return header, rows


@pytest.mark.parametrize(
    "book, result, sheet", [("xlsx", "json", "Voorstel INF_SAMEN"), ("aa_xlsx", "aa_json", "Voorstel KOA_DOOR")]
)
def test_xlsx_sheet_keeps_numbers_as_numbers(runs, book, result, sheet) -> None:
    workbook = runs[book]
    assert workbook.sheetnames[:3] == ["Over dit rapport", "Samenvatting", sheet]
    header, rows = sheet_rows(workbook, sheet)
    assert header == ["Jaar", *HEADER]
    expected = [
        (c["year"], x["title"], x["voorstel"], x["huidig"], x["verschil"], x["oordeel"])
        for c in runs[result]["comparisons"]
        for x in c["criteria"]
    ]
    assert [tuple(r[:6]) for r in rows] == expected
    assert all(isinstance(v, (int, float)) for r in rows for v in (r[0], r[2], r[3], r[4]))
    scores = [c for c in workbook[sheet]["C"][1 : len(rows) + 1]]
    assert all(c.number_format.startswith("0.0") for c in scores)
    assert workbook[sheet].freeze_panes == "A2" and workbook[sheet]["A1"].font.bold


def test_aalsmeer_has_one_section_with_three_years(runs) -> None:
    result, text = runs["aa_json"], runs["aa_md"]
    comparisons = result["comparisons"]
    assert [c["year"] for c in comparisons] == [2026, 2027, 2028]
    part = section(text, "Voorstel: doorontwikkeling kernorganisatie Aalsmeer tegenover de huidige situatie (KOA)")
    assert len(re.findall(r"^## .* tegenover de huidige situatie", text, re.MULTILINE)) == 1
    assert md_comparisons(part) == [expected_rows(c) for c in comparisons]
    assert "slechter" in part and "Die is berekend uit de gegevens van nu van" in part
    for year, following in ((2026, 2027), (2027, 2028), (2028, None)):
        start = part.index(f"### {year}:")
        block = part[start : part.index(f"### {following}:") if following else len(part)]
        lines = details(result, "KOA_DOOR", year, "eenmansfuncties")
        resolved = [d.removeprefix(RESOLVED) for d in lines if d.startswith(RESOLVED)]
        single = [d for d in lines if not d.startswith(RESOLVED)]
        assert re.findall(r"^- (.*)$", block, re.MULTILINE) == resolved + single
        assert ("blijven of worden" in block) == bool(single)  # 2028: no eenmansfunctie left, no empty list
