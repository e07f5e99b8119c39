"""Every limit on input, in one place: checked before work starts, so that hostile or broken input gives a
clear Dutch error instead of a hang or a MemoryError. docs/grenzen-en-fouten.md lists them for users.

The loaders import these names (tests may monkeypatch the imported name in the loader's module).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from criteria.years import MAX_YEAR, MIN_YEAR  # years in rulesets and data (also here, for their users)

MB = 1024 * 1024

# --- files -------------------------------------------------------------------------------------------
MAX_TOML_BYTES = 2 * MB  # a ruleset or case.toml
MAX_TOML_NESTING = 100  # nesting of tables/arrays the location scanner follows
MAX_TABLE_BYTES = 20 * MB  # a CSV or XLSX data table (XLSX: the zip file itself)
MAX_ROWS = 200_000  # data rows of one table
MAX_LINE_CHARS = 100_000  # characters on one CSV line
MAX_CELLS = 50  # columns of a table
MAX_XLSX_UNPACKED = 100 * MB  # total unpacked size of an XLSX (zip-bomb guard)
MAX_XLSX_RATIO = 100  # compression ratio of one part above 1 MB (zip-bomb guard)
MAX_XLSX_CELLS = 300_000  # cells in the XML of the sheet read (also empty, styled ones): bounds the work
MAX_XLSX_ROWS = 300_000  # row elements in that XML, also empty ones (Excel allows 1,048,576)

# --- rulesets ----------------------------------------------------------------------------------------
MAX_FORMULA_LENGTH = 2000  # characters of one formula
MAX_FORMULA_DEPTH = 50  # nesting (brackets, operators) of one formula
MAX_FORMULA_NODES = 500  # parts (names, numbers, operators) of one formula
MAX_TREE_DEPTH = 20  # levels of the criteria tree below the root
MAX_EXTENDS_CHAIN = 20  # rulesets in one `extends` chain
MAX_FIELDS = 2_000  # fields + derived fields of one ruleset
MAX_CRITERIA = 1_000  # criteria of one ruleset
MAX_INDICATORS = 1_000  # indicators of one ruleset

# --- cases -------------------------------------------------------------------------------------------
MAX_SUBJECTS = 20_000  # subjects of one case (4× national: 1,368 gemeenten × 8 teams = 10,944)
MAX_PARTNERS = 100  # partner municipalities of one case
MAX_CASE_TABLES = 200  # tables of one case: data, inventories and task mappings together
MAX_CASE_ROWS = 2_000_000  # data rows of all tables of one case together (4× national: 1.5 M)

# --- work (issue 11, class 14) ------------------------------------------------------------------------
# Checked once, after the inputs are read and before any evaluation (check_work, called by
# criteria.pipeline.run.load_inputs). The input limits above bound what a file may hold; these bound what the
# inputs make the tool DO: a 4 kB case.toml may declare 10,000 subjects and a ruleset 301 years.
# Values set by measuring the worst allowed input per command (benchmarks/worst_allowed.py, figures in
# docs/grenzen-en-fouten.md).
MAX_WORK_CELLS = (
    12_000_000  # onderwerpen × jaren × (onderdelen + velden × partners): see work_cells (national: 2.5 M, 4×: 10 M)
)
MAX_BREAKDOWN_CELLS = 15_000  # the same, when every score's breakdown is built at once: JSON format 1, the archive
MAX_REPORT_FILE_SUBJECTS = 400  # rapport in one file (a person reads it); more subjects: rapport --map (a folder)
MAX_SAMPLE_CELLS = 200_000_000  # gevoeligheid: totals kept, onderwerpen × jaren × kept_per_cell(steekproeven)
MAX_SAMPLE_WEIGHTS = 10_000_000  # gevoeligheid: steekproeven × onderdelen van de boom (every drawn weight is kept)
MAX_LEAVE_ONE_OUT = 100_000  # gevoeligheid: criteria × (criteria + indicators + signals): each criterion left out once
MAX_GROUP_CELLS = 300_000  # reference groups: comparisons × gemeenten in the table × subjects × years
MAX_DIFF_WORK = 30_000  # diff --case: (scored changes + 2) × onderdelen (one evaluation per change)
MAX_DIFF_CELLS = 1_500_000  # diff --case: (scored changes + 2) × rekencellen of one evaluation
MAX_SELFTEST_FILES = 20  # criteria test: test files (beside the ruleset and --tests)
MAX_SELFTESTS = 2_000  # criteria test: tests in all its files together
MAX_SELFTEST_WORK = 30_000  # criteria test: per test onderdelen + velden × its partners (one evaluation each)

# --- time (issue 11, class 14) ------------------------------------------------------------------------
# The cell limit above bounds memory, not time: a table of 301 years per subject, a JSON file or a report grows with
# other counts. So evaluate, rapport and gevoeligheid estimate their processor time before any work, from the counts
# known after reading (estimate_seconds), and refuse above MAX_SECONDS unless the user asks for a long run
# (--lange-run; the memory guard and every other limit still hold). Constants: processor seconds (user + system)
# of whole commands on the 2-core CI machine, fitted on measured runs (benchmarks/worst_allowed.py and the v1 cases
# 1/8, national and 4x; figures in docs/grenzen-en-fouten.md), rounded up so that the estimate is at or above
# every measured run. Re-measure when the rendering or the engine changes speed. JSON re-measured after the
# column-wise writer (json12): 1/8 2.6 s, national 8.1 s, worst_allowed jaren (368 subjects × 301 years) 9.2 s,
# onderwerpen (1,178 × 500 parts) 7.6 s, kader (177 × 3,250 parts) 8.5 s; estimated 3.1 / 10.5 / 12.7 / 10.8 / 11.2.
MAX_SECONDS = 30.0  # estimated processor seconds a command may take without --lange-run
SECONDS_START = 2.0  # start-up, imports, reading the files' frame
SECONDS_PER_VALUE = 2.0e-6  # reading, checking and binding one data value
SECONDS_PER_CELL = 0.5e-6  # evaluating one rekencel (work_cells)
SECONDS_PER_PARTNER_COLUMN = 50e-6  # binding and evaluating a field of one partner (fields × partners), per column
# (worst_allowed 'partners': 2,000 fields × 100 partners, 10 subjects: validate 21.8 s before the bind of all
# partners at once, ~13 s after)
SECONDS_PER_TABLE_ROW = 0.1e-3  # evaluate as a table: one row (a subject in one year, or its period row) ...
SECONDS_PER_TABLE_CELL = 6.0e-6  # ... and per criterion under the total, its cell in that row
SECONDS_PER_JSON_NODE = 12e-6  # evaluate --format json: one onderdeel of one subject ...
SECONDS_PER_JSON_CELL = 2.0e-6  # ... and per evaluation year
SECONDS_PER_JSON_PARTNER_CELL = 5e-6  # ... and per field of a partner in an evaluation year (partners: 30.7 s)
SECONDS_PER_REPORT_NODE = 0.4e-3  # rapport: one onderdeel of one scored subject ...
SECONDS_PER_REPORT_CELL = 0.15e-3  # ... and per evaluation year (re-measured after rapport12: the subjects' parts are
# read from the columns; 1/8 national 43.8 s, national --map 371.6 s (load 6-10), worst_allowed jaren 8.0 s,
# onderwerpen 11.1 s; estimated 49.8 / 382 / 10.0 / 12.3)
SECONDS_PER_REPORT_PARTNER_CELL = 40e-6  # ... and per field of a partner in an evaluation year (partners: 5 subjects
# 58 s before rapport12, 1 subject 9.5 s after)
SECONDS_PER_BREAKDOWN_NODE = 1.0e-3  # rapport --bijlage volledig adds its breakdowns: per onderdeel of a subject ...
SECONDS_PER_BREAKDOWN_CELL = 0.5e-3  # ... and per evaluation year (40 subjects: 14.8 s, 6.1 s without; est. 24.1 / 7.3)
SECONDS_PER_SAMPLE_STEP = 0.02e-6  # gevoeligheid: one node of the tree for one sampled total. Re-measured (sens12)
# after the statistics per chunk and the robustness counted on the same samples: 1/8 national (344 subjects, 53 nodes)
# 9.4 s CPU at 700 samples, 12.2 s at 2,000 (table), 29.1 s at 10,000 (JSON): 0.011-0.013 µs per step at load 8-12
# (0.12 before: the robustness sentences ran a second Monte Carlo per subject)
SECONDS_PER_SENSITIVITY_ROW = 0.3e-3  # gevoeligheid: a subject in one year (its rows in the tables per year) ...
SECONDS_PER_LEAVE_ONE_OUT = 2.0e-6  # ... and per criterion left out × node of the tree recomputed for it
SECONDS_PER_SENSITIVITY_PARTNER_COLUMN = 75e-6  # gevoeligheid: a field of one partner again (worst_allowed
# 'partners', 10 subjects, 9,980 samples: 38.8 s measured where 29 s was estimated without it)
LONG_RUN = "--lange-run"
TIME_REASON = "dit duurt te lang"
TIMED = (
    "evaluate",
    "json",
    "rapport",
    "rapport-volledig",
    "gevoeligheid",
)  # the jobs whose time grows beyond the cell limit's bound


@dataclass(frozen=True)
class Size:
    """What a command's time grows with, known after reading and before any work: `subjects` evaluated, `years`
    the engine reads, `shown_years` the evaluation years (table rows, JSON, report), `nodes` onderdelen, `fields`
    and `partners` (work_cells), `values` data values read, `tree_nodes` criteria + indicators + signals
    (`subjects` are also the table's subjects and a report's pages), `samples` of gevoeligheid, `columns` the criteria under
    the total, `criteria` all criteria."""

    subjects: int
    years: int
    shown_years: int
    nodes: int
    fields: int = 0
    partners: int = 0
    values: int = 0
    tree_nodes: int = 0
    samples: int = 0
    columns: int = 0  # criteria directly under the total (the table builds a column for each)
    criteria: int = 0  # criteria of the ruleset (gevoeligheid leaves each out once)


def estimate_seconds(job: str, size: Size) -> float:
    """The processor seconds `job` ('evaluate' as a table, 'json', 'rapport', 'rapport-volledig' (with --bijlage
    volledig), 'gevoeligheid'; anything else: the
    reading and the evaluation only) is estimated to take for inputs of `size`, on the 2-core CI machine. Pure."""
    s = size
    seconds = (
        SECONDS_START
        + SECONDS_PER_VALUE * s.values
        + SECONDS_PER_CELL * work_cells(s.subjects, s.years, s.nodes, s.fields, s.partners)
        + SECONDS_PER_PARTNER_COLUMN * s.fields * s.partners
    )
    partner_cells = s.shown_years * s.fields * s.partners  # of one subject
    if job == "evaluate":
        rows = s.subjects * (s.shown_years + 1)
        seconds += rows * (SECONDS_PER_TABLE_ROW + SECONDS_PER_TABLE_CELL * s.columns)
    elif job == "json":
        seconds += s.subjects * s.nodes * (SECONDS_PER_JSON_NODE + SECONDS_PER_JSON_CELL * s.shown_years)
        seconds += s.subjects * partner_cells * SECONDS_PER_JSON_PARTNER_CELL
    elif job in ("rapport", "rapport-volledig"):
        seconds += s.subjects * s.nodes * (SECONDS_PER_REPORT_NODE + SECONDS_PER_REPORT_CELL * s.shown_years)
        if job == "rapport-volledig":
            seconds += s.subjects * s.nodes * (SECONDS_PER_BREAKDOWN_NODE + SECONDS_PER_BREAKDOWN_CELL * s.shown_years)
        seconds += s.subjects * partner_cells * SECONDS_PER_REPORT_PARTNER_CELL
    elif job == "gevoeligheid":
        tree = max(s.tree_nodes, 1)
        seconds += SECONDS_PER_SENSITIVITY_PARTNER_COLUMN * s.fields * s.partners
        seconds += (
            s.subjects
            * s.years
            * (
                SECONDS_PER_SENSITIVITY_ROW
                + tree * (SECONDS_PER_LEAVE_ONE_OUT * s.criteria + SECONDS_PER_SAMPLE_STEP * s.samples)
            )
        )
    return seconds


def duration(seconds: float) -> str:
    """Seconds as Dutch words, rounded up: 45 -> '45 seconden', 130 -> '3 minuten', 7300 -> '2 uur en 2 minuten'."""
    if seconds < 90:
        return f"{max(1, math.ceil(seconds))} seconden"
    minutes = math.ceil(seconds / 60)
    if minutes < 90:
        return f"{minutes} minuten"
    hours, rest = divmod(minutes, 60)
    return f"{hours} uur" + (f" en {rest} {'minuut' if rest == 1 else 'minuten'}" if rest else "")


def _most(fits: Callable[[int], bool], high: int) -> int:
    """The largest n in 0..high with fits(n), for a fits that holds up to some n and not above it (bisection)."""
    low = 0
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def fewer_subjects(size: Size, n: int) -> Size:
    """`size` with only `n` of its subjects, each with its share of the data values."""
    share = n / max(size.subjects, 1)
    return replace(size, subjects=n, values=int(size.values * share))


def check_time(job: str, size: Size, long_run: bool = False) -> list[str]:
    """Why `job` is refused for taking too long (in Dutch, starting with TIME_REASON); [] when its estimate is within
    MAX_SECONDS, when `long_run` (--lange-run) was given, or for a job whose time the cell limit bounds. The reason
    names the estimate, the bound, the option and the largest count that fits: samples for gevoeligheid, else
    subjects (fewer years also help)."""
    if job not in TIMED or long_run:
        return []
    seconds = estimate_seconds(job, size)
    if seconds <= MAX_SECONDS:
        return []
    if job == "gevoeligheid":
        most = _most(lambda n: estimate_seconds(job, replace(size, samples=n)) <= MAX_SECONDS, size.samples)
        fits = (
            f"met deze casus passen hoogstens {dutch_count(most)} steekproeven"
            if most
            else "ook met één steekproef past het niet; toets minder onderwerpen of jaren tegelijk"
        )
    else:
        most = _most(lambda n: estimate_seconds(job, fewer_subjects(size, n)) <= MAX_SECONDS, size.subjects)
        fits = f"met deze jaren en dit kader passen hoogstens {_subjects(most)}" if most else ""
    return [
        f"{TIME_REASON}: deze opdracht vraagt naar schatting {duration(seconds)} processortijd, meer dan de grens "
        f"van {duration(MAX_SECONDS)}" + (f"; {fits}" if fits else "")
    ]


# --- memory (issue 12) ----------------------------------------------------------------------------------
# What a run needs beyond what is in memory once the inputs are read (memory_estimate), set by measuring whole
# processes (docs/grenzen-en-fouten.md, 'Geheugen'): evaluate with the result view and the table grows by about
# 40 bytes per rekencel (national case: 2,5 M cells, +97 MB); estimated at 64 for room. gevoeligheid keeps
# per subject-year only the sampled totals that can be its 5th or 95th percentile (kept_per_cell) and computes the
# tree for one chunk of samples at a time.
MEMORY_PER_CELL = 64  # bytes per rekencel (work_cells) for evaluation, view, table and explanation
MEMORY_RESERVE = 64 * 2**20  # bytes for what does not grow with the case (output, a report's page, imports)
MEMORY_PER_DATA_BYTE = 3  # bytes per byte of the case's tables, while they are read and then held (measured 2-3)
SAMPLE_CHUNK_CELLS = (
    500_000  # gevoeligheid: samples × subjects × years computed in one step (as fast as 4 M, 1/8 the memory)
)
SAMPLE_SPARE_MIN = 64  # gevoeligheid: at least this many columns per subject-year for a chunk beside the kept tails

# --- numbers -----------------------------------------------------------------------------------------
MAX_ABS_VALUE = 1e15  # any number in a ruleset or a data table: |x| above this is absurd


def absurd(value: float) -> bool:
    """True for a number no municipal figure can be: beyond ±MAX_ABS_VALUE (also inf and NaN)."""
    return not -MAX_ABS_VALUE <= value <= MAX_ABS_VALUE


def absurd_text(value: float) -> str:
    try:
        shown = f"{value:g}"
    except OverflowError:  # an integer too large for a float
        shown = f"van {len(str(abs(int(value))))} cijfers"
    return f"het getal {shown} is onaannemelijk groot; toegestaan is hoogstens {MAX_ABS_VALUE:g} (in absolute waarde)"


def year_ok(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


# --- the work guard ------------------------------------------------------------------------------------------


def dutch_count(n: int) -> str:
    """1234567 -> '1.234.567' (Dutch thousands separator)."""
    return f"{n:,}".replace(",", ".")


def _years(n: int) -> str:
    return f"{dutch_count(n)} {'jaar' if n == 1 else 'jaren'}"


def _subjects(n: int) -> str:
    return f"{dutch_count(n)} {'onderwerp' if n == 1 else 'onderwerpen'}"


def work_cells(subjects: int, years: int, nodes: int, fields: int = 0, partners: int = 0) -> int:
    """The size of an evaluation: one cell per subject, year and column the engine builds (every field, derived
    field, criterion and indicator; and per field one column of value positions per partner)."""
    return subjects * years * (nodes + fields * partners)


WORK_REASON = "het rekenwerk is te groot"
MEMORY_REASON = "er is niet genoeg geheugen"
GROUP_REASON = "de vergelijking met referentiegroepen is te groot"
SAMPLES_REASON = "te veel steekproeven"
LEAVE_ONE_OUT_REASON = "te veel rekenwerk voor de gevoeligheidsanalyse"


def memory_estimate(
    subjects: int, years: int, nodes: int, *, fields: int = 0, partners: int = 0, samples: int = 0, tree_nodes: int = 0
) -> int:
    """The memory in bytes a run will take beyond what the read inputs already hold: MEMORY_PER_CELL per rekencel
    plus MEMORY_RESERVE, and for gevoeligheid (`samples` > 0) the kept totals (8 bytes each, kept_per_cell per
    subject-year), the drawn weights (8 bytes per sample and tree node) and one chunk of the tree (a column of 8 bytes
    per tree node and two more). Pure; an upper estimate (the counts are upper bounds: every year the engine reads,
    every tree node at once)."""
    need = MEMORY_RESERVE + MEMORY_PER_CELL * work_cells(subjects, years, nodes, fields, partners)
    if samples:
        cells = subjects * years
        need += 8 * (kept_per_cell(samples) * cells + samples * max(tree_nodes, 1))
        need += min(samples * cells, max(SAMPLE_CHUNK_CELLS, cells)) * 8 * (max(tree_nodes, 1) + 2)
    return need


def megabytes(n: int) -> str:
    """Bytes as Dutch megabytes, rounded up: 1 -> '1 MB', 1_500_000_000 -> '1.431 MB'."""
    return f"{dutch_count(-(-n // 2**20))} MB"


def check_work(
    subjects: int,
    years: int,
    nodes: int,
    *,
    fields: int = 0,
    partners: int = 0,
    values: int = 0,
    samples: int = 0,
    tree_nodes: int = 0,
    criteria: int = 0,
    groups: tuple[int, int] = (0, 0),
    memory: int | None = None,
    breakdowns: bool = False,
) -> list[str]:
    """Why the work these inputs ask for is refused, in Dutch; [] when it is allowed. Pure; called once, before
    evaluation starts (criteria.pipeline.work.work_problems). `subjects` = subjects evaluated (in scope, plus
    the huidige situatie of each voorstel); `years` counts every year the engine reads (evaluation years and
    nullijn years); `nodes` = fields + derived fields + criteria + indicators + signals; `values` = data values
    of the case; `samples` (gevoeligheid) with `tree_nodes` (criteria + indicators + signals) bound the Monte
    Carlo run, and with `criteria` its leave-one-out step (every criterion left out once, the tree recomputed);
    `groups` = (comparisons with a reference group, gemeenten in the reference table) bound the
    reference groups' work: every subject, year and comparison has a group whose members are listed in its
    explanation (criteria.pipeline.work.groups). `memory` = the bytes still available to this process (None:
    unknown, not checked); a run whose memory_estimate exceeds it is refused before it starts. Each reason
    starts with WORK_REASON, GROUP_REASON, SAMPLES_REASON, LEAVE_ONE_OUT_REASON or MEMORY_REASON. `breakdowns`:
    the command builds the breakdown of every score at once (JSON format 1, an archive record): MAX_BREAKDOWN_CELLS
    applies. (rapport builds them subject by subject and writes each subject before the next: MAX_WORK_CELLS.)"""
    del values  # held already when this is checked: what counts is what the run adds (memory_estimate)
    reasons = []
    cells = work_cells(subjects, years, nodes, fields, partners)
    limit = MAX_BREAKDOWN_CELLS if breakdowns else MAX_WORK_CELLS
    if cells > limit:
        partner_part = f" + {fields} velden × {partners} partners" if fields and partners else ""
        reasons.append(
            f"{WORK_REASON}: {_subjects(subjects)} × {_years(years)} × "
            f"({nodes} onderdelen{partner_part}) = {dutch_count(cells)} rekencellen, meer dan de grens van "
            f"{dutch_count(limit)} rekencellen"
            + (
                " voor JSON-uitvoer in versie 1 of het archief (daarvoor "
                "wordt de uitleg van elke score tegelijk gemaakt)"
                if breakdowns
                else ""
            )
        )
    comparisons, gemeenten = groups
    if (group_cells := comparisons * gemeenten * subjects * years) > MAX_GROUP_CELLS:
        reasons.append(
            f"{GROUP_REASON}: {dutch_count(comparisons)} vergelijkingen × {dutch_count(gemeenten)} gemeenten "
            f"in de referentietabel × {_subjects(subjects)} × {_years(years)} = "
            f"{dutch_count(group_cells)}, meer dan de grens van {dutch_count(MAX_GROUP_CELLS)}"
        )
    if samples:
        reasons += _sample_reasons(samples, subjects, years, max(tree_nodes, 1))
        if (steps := criteria * tree_nodes) > MAX_LEAVE_ONE_OUT:
            reasons.append(
                f"{LEAVE_ONE_OUT_REASON}: elk van de {dutch_count(criteria)} criteria wordt één keer "
                f"weggelaten en de boom van {dutch_count(tree_nodes)} onderdelen opnieuw berekend: "
                f"{dutch_count(steps)} stappen, meer dan de grens van {dutch_count(MAX_LEAVE_ONE_OUT)}"
            )
    if memory is not None and not reasons:
        reasons += check_memory(
            subjects, years, nodes, memory, fields=fields, partners=partners, samples=samples, tree_nodes=tree_nodes
        )
    return reasons


def check_memory(
    subjects: int,
    years: int,
    nodes: int,
    memory: int,
    *,
    fields: int = 0,
    partners: int = 0,
    samples: int = 0,
    tree_nodes: int = 0,
    data_bytes: int = 0,
) -> list[str]:
    """[MEMORY_REASON ...] when the run's memory_estimate, plus MEMORY_PER_DATA_BYTE per byte of tables still to be
    read (`data_bytes`: checked before the case's tables are read), exceeds `memory` (the bytes still available);
    [] otherwise. Pure."""
    need = MEMORY_PER_DATA_BYTE * data_bytes + memory_estimate(
        subjects, years, nodes, fields=fields, partners=partners, samples=samples, tree_nodes=tree_nodes
    )
    if need <= memory:
        return []
    return [
        f"{MEMORY_REASON}: deze beoordeling vraagt naar schatting {megabytes(need)} "
        f"({_subjects(subjects)} × {_years(years)}"
        + (f", {dutch_count(samples)} steekproeven" if samples else "")
        + (f", {megabytes(data_bytes)} aan tabellen om in te lezen" if data_bytes else "")
        + f"), er is nog {megabytes(max(memory, 0))} vrij"
    ]


def sample_tail(samples: int) -> int:
    """At least as many of the smallest (and of the largest) sampled totals of one subject-year as hold its 5th (95th)
    percentile: 5 % of the samples and two more (criteria.engine.tails keeps exactly the ones it needs)."""
    return min(samples, samples // 20 + 2)


def sample_spare(samples: int) -> int:
    """Columns per subject-year beside the kept tails where a chunk's totals wait until the tails are taken again:
    a quarter of a tail (few partitions, memory near the tails' own), at least SAMPLE_SPARE_MIN."""
    return min(samples, max(SAMPLE_SPARE_MIN, sample_tail(samples) // 4))


def kept_per_cell(samples: int) -> int:
    """Sampled totals gevoeligheid keeps per subject-year: both tails, each with its spare columns."""
    return 2 * (sample_tail(samples) + sample_spare(samples))


def most_samples(subjects: int, years: int, tree_nodes: int) -> int:
    """The most Monte Carlo samples gevoeligheid allows for this many subjects, years and criteria + indicators."""
    cells, tree_nodes = max(subjects * years, 1), max(tree_nodes, 1)
    return _most(lambda n: kept_per_cell(n) * cells <= MAX_SAMPLE_CELLS, MAX_SAMPLE_WEIGHTS // tree_nodes)


def _sample_reasons(samples: int, subjects: int, years: int, tree_nodes: int) -> list[str]:
    most = f"; met deze casus kunnen hoogstens {dutch_count(most_samples(subjects, years, tree_nodes))} steekproeven"
    per_cell = kept_per_cell(samples)
    checks = [
        (
            per_cell * subjects * years,
            MAX_SAMPLE_CELLS,
            (
                f"{dutch_count(samples)} steekproeven bewaren {dutch_count(per_cell)} totalen per onderwerp en jaar "
                f"(de laagste en hoogste, voor de bandbreedte); {dutch_count(per_cell)} × {_subjects(subjects)} × "
                f"{_years(years)} = {{}} bewaarde totalen"
            ),
        ),
        (
            samples * tree_nodes,
            MAX_SAMPLE_WEIGHTS,
            f"{dutch_count(samples)} steekproeven × {tree_nodes} onderdelen = {{}} getrokken gewichten",
        ),
    ]
    for size, limit, text in checks:
        if size > limit:
            return [
                (
                    f"{SAMPLES_REASON} voor deze casus: {text.format(dutch_count(size))}, meer dan de grens van "
                    f"{dutch_count(limit)}{most}"
                )
            ]
    return []


def check_selftests(files: int, tests: int, nodes: int, work: int | None = None) -> list[str]:
    """Why `criteria test` refuses this many test files or tests for a ruleset of `nodes` onderdelen; [] if allowed.
    Each test is one evaluation of the whole ruleset: `work` = the sum over the tests of nodes + fields × the
    test's partners (default: tests × nodes)."""
    if files > MAX_SELFTEST_FILES:
        return [f"te veel testbestanden ({files}); het maximum is {MAX_SELFTEST_FILES}"]
    work = tests * nodes if work is None else work
    reasons = []
    if tests > MAX_SELFTESTS:
        reasons.append(f"te veel zelftests ({dutch_count(tests)}); het maximum is {dutch_count(MAX_SELFTESTS)}")
    elif work > MAX_SELFTEST_WORK:
        per_partner = " en velden × partners van elke test" if work != tests * nodes else ""
        reasons.append(
            f"te veel rekenwerk voor de zelftests: {dutch_count(tests)} tests × ({dutch_count(nodes)} "
            f"onderdelen van het toetsingskader{per_partner}) = {dutch_count(work)}, meer dan de grens van "
            f"{dutch_count(MAX_SELFTEST_WORK)}; met dit kader kunnen hoogstens "
            f"{dutch_count(MAX_SELFTEST_WORK // max(work // max(tests, 1), 1))} tests"
        )
    return reasons


def check_diff(changes: int, nodes: int, cells: int = 0) -> list[str]:
    """Why `diff --case` refuses to measure the effect of `changes` scored changes on a ruleset of `nodes` onderdelen
    whose evaluation of the case is `cells` rekencellen (work_cells); each change is one more evaluation; [] if
    allowed. Per evaluation the work grows with the onderdelen (one step each) and with the cells."""
    runs = changes + 2
    start = f"te veel rekenwerk om het effect per wijziging te meten: ({dutch_count(changes)} wijzigingen + 2) × "
    if runs * nodes > MAX_DIFF_WORK:
        return [
            (
                f"{start}{dutch_count(nodes)} onderdelen = {dutch_count(runs * nodes)}, meer dan de grens van "
                f"{dutch_count(MAX_DIFF_WORK)}"
            )
        ]
    if runs * cells > MAX_DIFF_CELLS:
        return [
            (
                f"{start}{dutch_count(cells)} rekencellen = {dutch_count(runs * cells)}, meer dan de grens van "
                f"{dutch_count(MAX_DIFF_CELLS)}"
            )
        ]
    return []
