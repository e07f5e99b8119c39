"""The evaluate table: subjects × years with total, per-criterion scores, verdicts, completeness, trend.

Wide terminals get every column that fits at its smallest width (with very many criteria the last ones are left
out, not squeezed to nothing); narrower ones a compact layout that drops columns (least important first) until
the table fits. Both say which columns they left out.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Callable, Iterable
from typing import Any

from rich import box
from rich.console import Console, Group, NewLine, RenderableType
from rich.table import Table
from rich.text import Text

from criteria.engine.scoring import VERDICT_TEXT
from criteria.report.common import (
    TREND_ARROW,
    VERDICT_STYLE,
    header_lines,
    missing_policy_text,
    percent,
    period_rule_text,
    score_text,
    score_texts,
    scored,
    short_title,
    sparkline,
    verdict_text,
)
from criteria.report.corrections import corrections_section
from criteria.report.terminal.console import make_console
from criteria.report.terminal.fast_table import Cells, FastTable
from criteria.report.terminal.group import group_summary
from criteria.report.terminal.voorstel import comparison_sections
from criteria.result.period import TREND_LABELS
from criteria.result.view import ResultView

WIDE = 118  # below this many columns the table switches to a compact layout
MAX_SPARK = 20  # the period row's line of yearly totals shows at most the last this many years
MAX_NAMED = 10  # more columns left out than this: the first and the last are named, and the count
VERDICT, COMPLETE, ESTIMATE = "oordeel", "volledig", "schatting"
ESTIMATE_HEADING = "Op schatting"


@functools.lru_cache(maxsize=8)
def _measurer(width: int) -> Console:
    """A console that lays out as the printing one does (criteria.report.terminal.console: no markup, no emoji
    codes), writing nowhere; one per width (it only measures)."""
    return make_console(io.StringIO(), width=width)


def _natural_width(table: Table) -> int:
    return _measurer(10_000).measure(table).maximum  # unclamped


def evaluation_table(result: ResultView, width: int = WIDE) -> Table:
    """The table that fits `width` columns."""
    return evaluation_layout(result, width)[0]


def evaluation_layout(result: ResultView, width: int = WIDE) -> tuple[Table, list[str]]:
    """The table for `width` columns and the headings of the columns left out to make it fit."""
    criteria = _criteria(result)
    if width >= WIDE:
        cells = _cells(result, criteria, compact=False)
        shown = {VERDICT, COMPLETE, ESTIMATE} & _columns(result)
        dropped: list[str] = []
        table = _table(cells, criteria, compact=False, shown=shown)
        if ESTIMATE in shown and _natural_width(table) > width:
            shown.discard(ESTIMATE)
            dropped.append(ESTIMATE_HEADING)
            table = _table(cells, criteria, compact=False, shown=shown)
        # more criteria than fit at their smallest width: rich would squeeze every column (names and years too)
        # to nothing and wrap each score, unreadable and slow; the last criteria go instead, and are named
        # (the table with every criterion first: it fits in all but the widest rulesets)
        fit = (
            len(criteria)
            if not _squeezed(table, width)
            else _first_true(len(criteria), lambda k: _squeezed(_table(cells, criteria[: k + 1], False, shown), width))
        )
        if fit < len(criteria):
            table = _table(cells, criteria[:fit], compact=False, shown=shown)
            dropped += [short_title(title) for _, title in criteria[fit:]]
        return table, dropped
    cells = _cells(result, criteria, compact=True)
    # the verdict answers the question: it goes last, after every criterion (issue 14)
    droppable = [
        (ESTIMATE, ESTIMATE_HEADING),
        (COMPLETE, "Volledig"),
        *[(cid, short_title(title)) for cid, title in reversed(criteria)],
        (VERDICT, "Oordeel"),
    ]
    droppable = [(k, h) for k, h in droppable if k != ESTIMATE or ESTIMATE in _columns(result)]

    def without(drops: int) -> Table:
        """The table without the first `drops` droppable columns."""
        shown = {key for key, _ in droppable[drops:]}
        return _table(cells, [c for c in criteria if c[0] in shown], compact=True, shown=shown)

    # the fewest drops that fit (the width only shrinks with each drop): a few measurements, not one per column
    drops = _first_true(len(droppable), lambda drops: _natural_width(without(drops)) <= width)
    return without(drops), [heading for _, heading in droppable[:drops]]


def _first_true(n: int, holds: Callable[[int], bool]) -> int:
    """The smallest k in 0..n-1 for which `holds(k)`, n when there is none; for a `holds` that is false up to some k
    and true from there on. By bisection: a few calls, not one per k."""
    low, high = 0, n
    while low < high:
        middle = (low + high) // 2
        if holds(middle):
            high = middle
        else:
            low = middle + 1
    return low


def _squeezed(table: Table, width: int) -> bool:
    """Whether rich, to fit `width`, would make a column narrower than its min_width (with its padding) or still not
    fit: it then shrinks every column alike (subject names to nothing, scores wrapped over two lines) or crops
    every line of the table."""
    console = _measurer(width)
    room = width - table._extra_width
    widths = table._calculate_column_widths(console, console.options.update_width(room))
    return sum(widths) > room or any(
        got < (column.min_width or 0) + table._get_padding_width(index)
        for index, (got, column) in enumerate(zip(widths, table.columns))
    )


def _columns(result: ResultView) -> set[str]:
    """Optional columns that have something to say: 'op schatting' only when some score rests on estimates."""
    return {VERDICT, COMPLETE} | ({ESTIMATE} if result.meta.estimate_share else set())


def _criteria(result: ResultView) -> list[tuple[str, str]]:
    return list(result.top_criteria) if result.scored else []


def _table(cells: dict[str, list], criteria: list[tuple[str, str]], compact: bool, shown: set[str]) -> Table:
    """The table with these columns, filled from the cells of every column (built once by _cells)."""
    table = FastTable(
        title="Uitkomst per onderwerp en jaar (rapportcijfer 0–10)",
        title_justify="left",
        show_lines=False,
        header_style="bold",
        box=box.SIMPLE_HEAD if compact else box.HEAVY_HEAD,
        pad_edge=not compact,
    )
    keys = [NAME, YEAR, TOTAL]
    table.add_column("Ond." if compact else "Onderwerp", min_width=4, no_wrap=compact)
    table.add_column("Jaar", justify="right", no_wrap=True, min_width=7)
    table.add_column("Totaal", justify="right", no_wrap=True, min_width=5)
    for cid, title in criteria:
        heading = short_title(title)
        table.add_column(
            heading[:6] + "." if compact and len(heading) > 7 else heading, justify="right", no_wrap=True, min_width=5
        )
        keys.append(cid)
    if VERDICT in shown:
        table.add_column("Oordeel", no_wrap=True, min_width=12 if compact else 14)
        keys.append(VERDICT)
    if COMPLETE in shown:
        table.add_column("Vol." if compact else "Volledig", justify="right", no_wrap=True, min_width=5)
        keys.append(COMPLETE)
    if ESTIMATE in shown:
        table.add_column("Sch." if compact else "Op schatting", justify="right", no_wrap=True, min_width=5)
        keys.append(ESTIMATE)
    if not compact:
        table.add_column("Trend", no_wrap=True, min_width=10)
        keys.append(TREND)
    table.fill([cells[key] for key in keys], cells[END])
    return table


def _cells(result: ResultView, criteria: list[tuple[str, str]], compact: bool) -> dict[str, Any]:
    """Every column's cells, row by row (a row per evaluated year, then the period row of the subject), and
    END: whether a row ends a subject's section. Equal cells are one object, so FastTable measures and renders
    each only once. Built column by column: the cells of every subject-year at once, then per subject its years."""
    cells: dict[str, Any] = {key: Cells() for key in (NAME, YEAR, TOTAL, VERDICT, COMPLETE, ESTIMATE, TREND)}
    cells[END] = []
    for cid, _ in criteria:
        cells[cid] = Cells()
    made: dict[str, dict] = {kind: {} for kind in _MAKERS}

    def once(kind: str, *args) -> Any:
        found = made[kind].get(args)
        if found is None:
            found = made[kind][args] = _MAKERS[kind](*args)
        return found

    def each(kind: str, keys: Iterable[tuple]) -> list:
        """once(kind, *key) for every key."""
        known, make = made[kind], _MAKERS[kind]
        return [known[key] if key in known else known.setdefault(key, make(*key)) for key in keys]

    root = result.root
    nodes = [root] + [cid for cid, _ in criteria]
    subjects = [s for s in result.subjects if s.in_scope and s.row is not None]
    rows = [s.row for s in subjects if s.row is not None]  # all of them
    width = len(result.years)
    verdicts = {node: result.verdicts(node)[rows].ravel().tolist() for node in nodes}
    flat = {
        node: each("score", zip(score_texts(result.scores(node)[rows].ravel()), verdicts[node])) for node in nodes
    }  # per subject-year, subject by subject
    flat[VERDICT] = each("word" if compact else "verdict", ((v,) for v in verdicts[root]))
    flat[COMPLETE] = each("percent", ((x,) for x in result.completeness(root)[rows].ravel().tolist()))
    flat[ESTIMATE] = each("percent", ((x,) for x in result.estimate_shares(root)[rows].ravel().tolist()))
    totals = result.scores(root)[rows].tolist()
    period = result.period_columns
    low, high = result.score_range()
    all_years = list(range(width))
    position = {year: result.year_position(year) for year in result.years}
    years = [once("str", year) for year in result.years]
    flat_columns = (
        [(cells[TOTAL], flat[root])]
        + [(cells[key], flat[key]) for key in (VERDICT, COMPLETE, ESTIMATE)]
        + [(cells[cid], flat[cid]) for cid, _ in criteria]
    )
    for i, subject in enumerate(subjects):
        s = rows[i]
        positions = [position[year] for year in subject.years]
        start = i * width
        if positions == all_years:
            for column, values in flat_columns:
                column.extend(values[start : start + width])
        else:
            for column, values in flat_columns:
                column.extend([values[start + y] for y in positions])
        count = len(positions)
        if count:
            cells[NAME].append(subject.id if compact else subject.title)
            cells[NAME].extend([""] * (count - 1))
        cells[YEAR].extend([years[y] for y in positions])
        cells[TREND].extend([""] * count)
        cells[END].extend([False] * count)
        score, verdict = period.of(s)
        trend = TREND_ARROW[TREND_LABELS[int(period.trends[root].label[s])]]
        shown = positions[-MAX_SPARK:]  # a line per year would make every table line longer than the screen
        spark = ("…" if len(shown) < count else "") + sparkline(
            [None if math.isnan(totals[i][y]) else totals[i][y] for y in shown], low, high
        )
        cells[NAME].append(Text(f"{spark} {trend.split()[0]}" if compact else spark, style="italic"))
        cells[YEAR].append(once("italic", "periode"))
        cells[TOTAL].append(scored(score, verdict))
        for cid, _ in criteria:
            cells[cid].append(
                once("italic", TREND_ARROW[TREND_LABELS[int(period.trends[cid].label[s])]].split()[0])
                if cid in period.trends
                else once("blank")
            )
        cells[VERDICT].append(once("word" if compact else "verdict", _VERDICT_CODE[verdict]))
        cells[COMPLETE].append("")
        cells[ESTIMATE].append("")
        cells[TREND].append(once("italic", trend))
        cells[END].append(True)
    return cells


NAME, YEAR, TOTAL, TREND, END = "\0name", "\0year", "\0total", "\0trend", "\0end"  # never a criterion id
_VERDICT_CODE = {text: code for code, text in enumerate(VERDICT_TEXT)}
_MAKERS: dict[str, Callable[..., Any]] = {
    "score": lambda text, verdict: Text(
        f"{text} {VERDICT_STYLE[VERDICT_TEXT[verdict]][0]}", style=VERDICT_STYLE[VERDICT_TEXT[verdict]][1]
    ),
    "verdict": lambda verdict: verdict_text(VERDICT_TEXT[verdict]),
    # a compact table: the word only (the total beside it carries the symbol)
    "word": lambda verdict: Text(VERDICT_TEXT[verdict], style=VERDICT_STYLE[VERDICT_TEXT[verdict]][1]),
    "percent": lambda x: percent(None if math.isnan(x) else x),
    "str": str,
    "italic": lambda text: Text(text, style="italic"),
    "blank": lambda: Text(""),
}


def legend(result: ResultView | None = None) -> Text:
    # Criteria always have a threshold, so "geen norm" and "niet van toepassing" never stand in this table.
    parts = [f"{sym} {name}" for name, (sym, _) in VERDICT_STYLE.items() if name in SHOWN_VERDICTS]
    return Text(
        "Legenda: "
        + "   ".join(parts)
        + ".  Volledig = aandeel van het gewicht waarvoor gegevens waren. "
        + (
            "Op schatting = aandeel van het gewicht dat rust op illustratieve gegevens of kwaliteit C. "
            if result is not None and ESTIMATE in _columns(result)
            else ""
        )
        + "▁▃▆ = verloop van het totaal over de jaren (van de laagste tot de hoogste score in de tabel); "
        "↗ stijgend, → stabiel, ↘ dalend.",
        style="dim",
    )


SHOWN_VERDICTS = ("voldoet", "voldoet niet", "onvoldoende gegevens")


def estimate_lines(result: ResultView) -> list[Text]:
    """Per subject the share of the weight resting on illustratief or quality-C data, year by year."""
    lines = [Text("Op schatting (aandeel van het gewicht dat rust op illustratieve gegevens of kwaliteit C):")]
    shares = result.estimate_shares(result.root)  # as the marks show them
    position = {year: result.year_position(year) for year in result.years}
    for s in result.scored:
        assert s.row is not None  # a scored subject has a row
        row = shares[s.row].tolist()
        years = ", ".join(f"{year} {percent(None if math.isnan(x := row[position[year]]) else x)}" for year in s.years)
        lines.append(Text(f"  {s.title}: {years}"))
    return lines


def out_of_scope(result: ResultView) -> list[Text]:
    return [
        Text(f"Buiten deze toets: {s.title} ({s.kind}) — {s.scope_reason or 'geen reden opgegeven'}")
        for s in result.subjects
        if not s.in_scope
    ]


def print_evaluation(console: Console, result: ResultView, conclusion: bool = False) -> None:
    """The header with the warning, the table, what belongs to it; with `conclusion` it ends with the conclusion
    per subject (corrections applied) and the warning again, so the last screen answers. Printed at once, as one
    group (the same lines as a print per part, without rich's work per print)."""
    out: list[RenderableType] = [Group(*header_lines(result)), NewLine()]
    table, dropped = evaluation_layout(result, console.width)
    out.append(table)
    out += group_summary(result)  # issue 13: the reference group, the statistic and the deviation
    out += corrections_section(result)  # issue 7: human overrides, next to the computed scores
    out += comparison_sections(result)  # issue 4: each voorstel beside its huidige situatie
    if console.width < WIDE:
        out.append(Text("Onderwerpen: " + ", ".join(f"{s.id} = {s.title}" for s in result.subjects if s.in_scope)))
    if ESTIMATE_HEADING in dropped:
        out += estimate_lines(result)
        dropped = [d for d in dropped if d != ESTIMATE_HEADING]
    if dropped:
        named = ", ".join(dropped) if len(dropped) <= MAX_NAMED else f"{', '.join(dropped[:3])}, … {dropped[-1]}"
        out.append(
            Text(
                f"Niet getoond bij deze schermbreedte: {named}"
                + (f" ({len(dropped)} kolommen)" if len(dropped) > MAX_NAMED else "")
                + ". Maak het venster breder of schrijf de tabel naar een bestand met --output"
                + ("; alle scores staan in --format json en in criteria explain." if console.width >= WIDE else "."),
                style="dim",
            )
        )
    out.append(legend(result))
    out += out_of_scope(result)
    out.append(
        Text(
            f"Voldoende vanaf {score_text(result.pass_mark)}; periode = {period_rule_text(result)} van de "
            f"jaren; {missing_policy_text(result)}. "
            "Uitleg per score: criteria explain CASUS --onderwerp NAAM --jaar JAAR",
            style="dim",
        )
    )
    if conclusion:
        from criteria.report.terminal.conclusion import conclusion_lines

        out.append(NewLine())
        out += conclusion_lines(result, console.width)
    console.print(Group(*out))
