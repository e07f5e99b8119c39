"""Worked examples in docs/ that the tool itself writes (issue 11, class 16): docs cannot drift from the tool.

A document marks an example like this (the markers are HTML comments, invisible on the page):

    <!-- getoetst: periode-handhaving -->
    ...text with the numbers...
    <!-- /getoetst -->

EXAMPLES maps each name to a function that makes the example again from the tool's own output (the JSON of
`criteria evaluate`, the scoring functions, the case loader). tests/test_docs_examples.py compares every marked
block with what its function gives, so a changed rule, ruleset or data file fails a test until the docs follow.
To rewrite the blocks after such a change (then read the diff: the prose around a block may need care too):

    .venv/bin/python -m tests.docs_examples --write
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
CASE = "cases/heemstede-bloemendaal"
BLOCK = re.compile(r"<!-- getoetst: (?P<name>[a-z0-9-]+) -->\n(?P<body>.*?)<!-- /getoetst -->\n", re.DOTALL)
MARKER = re.compile(r"<!-- /?getoetst\b")


def criteria(*args: str, cwd: Path = REPO, exit_code: int = 0) -> subprocess.CompletedProcess:
    """The CLI run as a user runs it (from the repository root unless `cwd`); it must end with `exit_code`."""
    proc = subprocess.run(
        [sys.executable, "-m", "criteria", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    if proc.returncode != exit_code:
        raise RuntimeError(f"criteria {' '.join(args)}: exit {proc.returncode}\n{proc.stderr}")
    return proc


@cache
def result() -> dict:
    """`criteria evaluate` of the bundled case, as JSON in format 1 (--json-versie 1): a tree per subject-year with
    its sentences, what the worked examples follow."""
    return json.loads(criteria("evaluate", CASE, "--format", "json", "--json-versie", "1").stdout)


@cache
def result2() -> dict:
    """`criteria evaluate` of the bundled case, as JSON in format 2 (the default; docs/resultaat-json.md)."""
    return json.loads(criteria("evaluate", CASE, "--format", "json").stdout)


def subject(sid: str) -> dict:
    return next(s for s in result()["subjects"] if s["id"] == sid)


def year(sid: str, y: int) -> dict:
    return next(r for r in subject(sid)["years"] if r["year"] == y)["total"]


def nodes(node: dict) -> list[dict]:
    """The tree below `node` (included), depth first, in the ruleset's order."""
    return [node] + [n for child in node.get("children") or [] for n in nodes(child)]


def node(sid: str, y: int, nid: str) -> dict:
    return next(n for n in nodes(year(sid, y)) if n["id"] == nid)


def comma(x: float, decimals: int) -> str:
    """Dutch notation with a fixed number of decimals: 5,323966."""
    return f"{x:.{decimals}f}".replace(".", ",")


def mark(x: float) -> str:
    """The mark as the table shows it: one decimal, half up on the decimal value, decimal comma."""
    from criteria.model.notation import rapportcijfer

    return comma(rapportcijfer(x), 1)


SIGN = {"voldoet": "✔", "voldoet niet": "✘", "geen norm": "–", "onvoldoende gegevens": "?", "niet van toepassing": "·"}


def shown(n: dict) -> str:
    return f"{mark(n['score'])} {SIGN[n['verdict']]}"


# --- the examples -----------------------------------------------------------------------------------------------


def periode_handhaving() -> str:
    """docs/rekenregels.md, Periodescore en trend: Handhaving's yearly totals, period score and trend."""
    period = subject("HH")["period"]
    total = next(t for t in period["trends"] if t["id"] == "totaal")
    years = sorted(total["scores"], key=int)
    scores = [total["scores"][y] for y in years]
    assert period["rule"] == "mean" and len(years) == 3, "the example explains a mean over three years"
    tolerance = ruleset_period()["trend_tolerance"]
    pass_mark = result()["pass_mark"]
    verdict = period["verdict"]
    compare = "≥" if verdict == "voldoet" else "<"
    slope = total["slope"]
    within = abs(slope) <= tolerance
    trend_words = {
        "stabiel": f"dat is niet meer dan {comma(tolerance, 2)}, dus **stabiel**",
        "stijgend": f"dat is meer dan {comma(tolerance, 2)}, dus **stijgend**",
        "dalend": f"dat is minder dan −{comma(tolerance, 2)}, dus **dalend**",
    }[total["trend"]]
    assert within == (total["trend"] == "stabiel")
    return (
        f"Voorbeeld, Handhaving (totaal): {'; '.join(f'{y} {comma(s, 6)}' for y, s in zip(years, scores))}.\n"
        f"Periodescore (gemiddelde) = ({' + '.join(comma(s, 6) for s in scores)}) / 3 = "
        f"{comma(sum(scores), 6)} / 3 = {comma(period['score'], 6)}:\n*{verdict}* ({compare} "
        f"{comma(pass_mark, 1)}). Helling = ({comma(scores[2], 6)} − {comma(scores[0], 6)}) / 2 ≈ "
        f"{comma(slope, 4)} punt per jaar;\n{trend_words}.\n"
    )


@cache
def bundled_case():
    """The bundled case as the loader reads it."""
    from criteria.load.case import load_case

    return load_case(REPO / CASE)


def ruleset_period() -> dict:
    from criteria.load.ruleset import load_ruleset

    return load_ruleset(REPO / CASE / bundled_case().manifest.ruleset).ruleset.period.model_dump()


def handhaving_2019_op_het_scherm() -> str:
    """docs/rekenregels.md, end of the worked example: the marks as the table shows them."""
    total = year("HH", 2019)
    kids = ", ".join(f"{c['title'].split(',')[0]} {shown(c)}" for c in total["children"])
    return f"Op het scherm: totaal **{shown(total)}**, {kids}, volledigheid {round(total['completeness'] * 100)} %.\n"


def handhaving_2019_bijdragen() -> str:
    """docs/rekenregels.md: the contributions of the top criteria to Handhaving's 2019 total."""
    total = year("HH", 2019)
    rows = [
        f"| {c['title'].split(',')[0]} | {comma(c['weight_normalised'], 2)} | {comma(c['score'], 6)} | "
        f"{comma(c['contribution'], 6)} |"
        for c in total["children"]
    ]
    return (
        "| criterium | aandeel | score | bijdrage |\n|---|---|---|---|\n"
        + "\n".join(rows)
        + f"\n| **Totaal** | | | **{comma(total['score'], 6)}** |\n"
    )


def handhaving_2019_json() -> str:
    """docs/rekenregels.md, Vergelijk met de JSON: score, share and contribution of every node of HH 2019 (format 2:
    per node lists over the subject's years)."""

    def cell(x) -> str:
        return "–" if x is None else json.dumps(x)

    data = result2()
    hh = next(s for s in data["subjects"] if s["id"] == "HH")
    j = hh["years"].index(2019)
    rows = []
    for d in data["ruleset"]["nodes"]:
        n = hh["nodes"][d["id"]]
        if n["verdict"][j] == "niet van toepassing":
            rows.append(f"| {d['id']} | null | null | null (niet van toepassing) |")
        else:
            rows.append(
                f"| {d['id']} | {cell(n['score'][j])} | {cell(n['weight_share'][j])} | {cell(n['contribution'][j])} |"
            )
    return "| knoop | `score` | `weight_share` | `contribution` |\n|---|---|---|---|\n" + "\n".join(rows) + "\n"


def handleiding_stap_1() -> str:
    """docs/handleiding.md §9, step 1: the row of Handhaving 2019 in the table of `evaluate`."""
    total = year("HH", 2019)
    kids = ", ".join(f"{c['title'].split(',')[0]} {shown(c)}" for c in total["children"])
    complete = round(total["completeness"] * 100)
    return (
        f"**Stap 1. Zoek de score op.** In de tabel van `evaluate` staat bij Handhaving 2019: totaal "
        f"{shown(total)},\n{kids}. Volledigheid {complete} %"
        + (": er ontbreekt niets.\n" if complete == 100 else ".\n")
    )


def handleiding_stap_3() -> str:
    """docs/handleiding.md §9, step 3: the total and the contributions of the top criteria."""
    total = year("HH", 2019)
    parts = ",\n".join(
        f"{c['title'].split(',')[0]} {comma(c['contribution'], 2)} (van "
        f"{'de ' if i == 0 else ''}{round(c['weight_normalised'] * 100)} %{' die het weegt' if i == 0 else ''})"
        for i, c in enumerate(total["children"])
    )
    return (
        f"**Stap 3. Volg de bijdragen omlaag.** Het totaal is {comma(total['score'], 2)}; de grens is "
        f"{comma(result()['pass_mark'], 1)}. De bijdragen laten zien\nwaar de punten vandaan komen: {parts}.\n"
        f"Ga steeds naar het onderdeel met de laagste score:\n"
    )


def oordeel_volgt_het_cijfer() -> str:
    """docs/handleiding.md, De tekens: the verdict follows the mark as shown (criteria.model.notation)."""
    from criteria.engine.scoring import verdict_threshold

    pass_mark = result()["pass_mark"]
    line = verdict_threshold(pass_mark)
    above, below = 5.46, 5.44
    assert above >= line > below, "the example's scores must lie either side of the line"
    example = node("HH", 2019, "flexibiliteit")["verdict_reason"]
    return (
        f"Een score wordt met één decimaal getoond, met een komma, helften naar boven. Het oordeel volgt dat\n"
        f'**getoonde** cijfer: wat u ziet, telt. Een score van {comma(above, 2)} staat als "{mark(above)}" in de '
        f"tabel en haalt de grens\nvan {comma(pass_mark, 1)} (✔); een score van {comma(below, 2)} staat als "
        f'"{mark(below)}" en haalt hem niet (✘). In `explain --volledig` staat bij het\noordeel het cijfer met de score '
        f'in twee decimalen, bijvoorbeeld\n"{example}".\n'
    )


def vingerafdruk_casus() -> str:
    """docs/formaat-casus.md: the fingerprint recipe for the bundled case, with the tool's own result."""
    case = bundled_case()
    files = " ".join(["case.toml", *case.manifest.input_files()])
    return (
        f"```sh\ncd {CASE}\nfor f in {files}; do\n"
        '  printf \'%s\\0%s\\n\' "$f" "$(sha256sum "$f" | cut -d\' \' -f1)"\n'
        f"done | sha256sum\n```\n\n```text\n{case.sha256}  -\n```\n"
    )


def fmt(x: float, decimals: int = 2) -> str:
    """A number as the tool writes it in texts (criteria.model.notation.fmt): 1.234,5."""
    from criteria.model.notation import fmt as tool_fmt

    return tool_fmt(x, decimals)


def signed(x: float, decimals: int = 1) -> str:
    return ("+" if x >= 0 else "−") + fmt(abs(x), decimals)


def group(sid: str, y: int, nid: str) -> dict:
    return node(sid, y, nid)["indicator"]["nullijn"]["group"]


def referentiegroep_uitkomst() -> str:
    """docs/referentiegroep.md, Voorbeeld 2: both gemeenten together against the group median, per year (the
    overhead indicators of an overhead team, FZ, and openbare orde of Handhaving)."""
    rows = []
    for y in sorted(int(r["year"]) for r in subject("FZ")["years"]):
        over, pers = group("FZ", y, "overhead_tegenover_groep"), group("FZ", y, "overhead_personeel_tegenover_groep")
        inh, oov = group("FZ", y, "overhead_inhuur_tegenover_groep"), group("HH", y, "openbare_orde_tegenover_groep")
        assert over["members"] == pers["members"] == inh["members"] == oov["members"] and over["amount"] > 0
        rows.append(
            f"| {y} | {over['members']} | € {comma(over['value'], 2)} → € {comma(over['subject_value'], 2)}: "
            f"{signed(over['deviation_pct'])} %, +€ {comma(over['amount'] / 1e6, 2)} mln | "
            f"€ {comma(pers['value'], 2)} → € {comma(pers['subject_value'], 2)}: {signed(pers['deviation_pct'])} % | "
            f"{comma(inh['value'], 1)} % → {comma(inh['subject_value'], 1)} %: {signed(inh['deviation'])} procentpunt | "
            f"€ {comma(oov['value'], 2)} → € {comma(oov['subject_value'], 2)}: {signed(oov['deviation_pct'])} % |"
        )
    return (
        "| jaar | leden | overhead per inwoner: groep → HS+BD | personeel taakveld 0.4 per inwoner | inhuur taakveld "
        "0.4 | openbare orde per inwoner |\n|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n"
    )


# The marks before the gemeente figures became real (criteria 0.1.0 before issue 13): history, not recomputed.
BEFORE_CBS = {
    "PO": ("7,0 ✔", "7,2 ✔", "7,6 ✔", "7,3 ✔"),
    "COM": ("4,9 ✘", "5,8 ✔", "7,1 ✔", "5,9 ✔"),
    "FA": ("4,5 ✘", "6,7 ✔", "7,4 ✔", "6,2 ✔"),
    "FZ": ("6,6 ✔", "7,2 ✔", "7,5 ✔", "7,1 ✔"),
    "HH": ("6,1 ✔", "5,0 ✘", "6,2 ✔", "5,8 ✔"),
}


def referentiegroep_oordelen() -> str:
    """docs/referentiegroep.md: the team marks before (history) and after the real CBS figures (the tool now)."""
    rows = []
    for sid, before in BEFORE_CBS.items():
        s = subject(sid)
        now = [shown(r["total"]) for r in sorted(s["years"], key=lambda r: r["year"])]
        period = f"{mark(s['period']['score'])} {SIGN[s['period']['verdict']]}"
        cells = [f"{b} → {n}" for b, n in zip(before, [*now, period])]
        if before[3][-1] != period[-1]:
            cells[3] = f"**{cells[3]}**"
        rows.append(f"| {s['title']} | " + " | ".join(cells) + " |")
    years = " | ".join(str(r["year"]) for r in sorted(subject("HH")["years"], key=lambda r: r["year"]))
    return f"| onderwerp | {years} | periode |\n|---|---|---|---|---|\n" + "\n".join(rows) + "\n"


def referentiegroep_aandeel() -> str:
    """docs/referentiegroep.md: how much of the bundled case rests on illustrative figures (the report's header)."""
    meta = result()["meta"]
    own, illustrative, reference = meta["values_total"], meta["values_illustrative"], meta["reference_values"]
    assert meta.get("reference_estimates", 0) == 0, "the text calls every reference value real"
    return (
        f"**Hoeveel rust er op echte gegevens?** De kop van elk rapport zegt het in twee getallen, met de eigen\n"
        f"gegevens van de casus voorop: {illustrative} van de {own} gegevens van de casus zijn illustratief "
        f"({round(illustrative / own * 100)} %). De {reference} waarden\nuit de referentietabel (CBS) zijn echte "
        f"gegevens; ze worden apart genoemd en niet bij de casus opgeteld, want\ndan zou het aandeel kleiner lijken "
        f"dan het is. Gewogen naar hun belang in de scores rust gemiddeld {round(meta['estimate_share'] * 100)} % van\n"
    )


def grenzen_meldingen() -> str:
    """docs/grenzen-en-fouten.md, Rekenwerk: the messages for the issue's declared-huge case (every allowed year ×
    100 subjects) and for too many samples, as the CLI prints them (cases from tests/hostile/generators.py)."""
    import shutil
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from hostile import generators

    base = Path(__file__).resolve().parent / "hostile" / "base"
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, make, args in (
            (
                "jaren",
                lambda root: (generators._every_year(root), generators._subjects(root, 98)),
                ["evaluate", "case", "--format", "json", "--json-versie", "1", "-o", "resultaat.json"],
            ),
            ("steekproeven", generators.work_many_samples, ["gevoeligheid", "case", "--steekproeven", "1000000"]),
        ):
            root = Path(tmp) / name
            shutil.copytree(base, root)
            make(root)
            lines += [
                line
                for line in criteria(*args, cwd=root, exit_code=2).stderr.splitlines()
                if line.startswith("- fout: ")
            ]
    return "```\n" + "\n".join(lines) + "\n```\n"


def grenzen_tijd() -> str:
    """docs/grenzen-en-fouten.md, Rekentijd: the message for a report estimated above 30 s (6,002 subjects with data;
    tests/hostile/generators.py work_long_report), as the CLI prints it."""
    import shutil
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from hostile import generators

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "rapport"
        shutil.copytree(Path(__file__).resolve().parent / "hostile" / "base", root)
        generators.work_long_report(root)
        errors = criteria("rapport", "case", "-o", "rapport.html", cwd=root, exit_code=2).stderr.splitlines()
    return "```\n" + "\n".join(line for line in errors if line.startswith("- fout: ")) + "\n```\n"


EXAMPLES: dict[str, Callable[[], str]] = {
    "grenzen-meldingen": grenzen_meldingen,
    "grenzen-tijd": grenzen_tijd,
    "referentiegroep-uitkomst": referentiegroep_uitkomst,
    "referentiegroep-oordelen": referentiegroep_oordelen,
    "referentiegroep-aandeel": referentiegroep_aandeel,
    "periode-handhaving": periode_handhaving,
    "handhaving-2019-op-het-scherm": handhaving_2019_op_het_scherm,
    "handhaving-2019-bijdragen": handhaving_2019_bijdragen,
    "handhaving-2019-json": handhaving_2019_json,
    "handleiding-stap-1": handleiding_stap_1,
    "handleiding-stap-3": handleiding_stap_3,
    "oordeel-volgt-het-cijfer": oordeel_volgt_het_cijfer,
    "vingerafdruk-casus": vingerafdruk_casus,
}


def blocks() -> list[tuple[Path, str, str]]:
    """Every marked block in docs/: (file, name, text)."""
    return [
        (path, m["name"], m["body"])
        for path in sorted(DOCS.glob("*.md"))
        for m in BLOCK.finditer(path.read_text(encoding="utf-8"))
    ]


def write() -> list[str]:
    """Rewrite every marked block from its function; the names of the blocks that changed."""
    changed = []
    for path in sorted(DOCS.glob("*.md")):
        text = path.read_text(encoding="utf-8")

        def fill(m: re.Match, file: str = path.name) -> str:
            body = EXAMPLES[m["name"]]()
            if body != m["body"]:
                changed.append(f"{file}: {m['name']}")
            return f"<!-- getoetst: {m['name']} -->\n{body}<!-- /getoetst -->\n"

        new = BLOCK.sub(fill, text)
        if new != text:
            path.write_text(new, encoding="utf-8")
    return changed


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("gebruik: python -m tests.docs_examples --write")
    for name in write():
        print("bijgewerkt:", name)
