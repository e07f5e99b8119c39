"""The sensitivity report: verdict probabilities, ranges, rank stability, flip points, leave-one-out.

`sensitivity_json` gives the machine output (byte-stable: numbers rounded as in the evaluation result);
`print_sensitivity` the terminal report.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from criteria import __version__
from criteria.conclusion.compute import Context
from criteria.conclusion.text import SURE, per_hundred
from criteria.engine import scoring as sc
from criteria.engine.breakdown import r
from criteria.engine.columns import Evaluation, evaluated_years
from criteria.engine.sensitivity import Sensitivity
from criteria.report.common import percent, score_text, scored
from criteria.report.terminal.conclusion import robustness_lines
from criteria.report.terminal.fast_table import FastTable

SHOWN_VERDICTS = (sc.PASS, sc.FAIL, sc.NO_DATA, sc.NOT_APPLICABLE)


@dataclass(frozen=True)
class Flip:
    """One flip point, ready to show: change `node`'s share past `point` and the verdict becomes `after`."""

    node: str
    parent: str
    share: float
    point: float
    above: bool
    after: str

    @property
    def change(self) -> float:
        return abs(self.point - self.share)


def flips_at(sens: Sensitivity, s: int, y: int) -> list[Flip]:
    """Every flip point of subject index s in year index y, smallest change first."""
    after = sc.VERDICT_TEXT[sc.PASS if sens.verdict[s, y] == sc.FAIL else sc.FAIL]
    out = [
        Flip(f.node, f.parent, f.share, float(f.point[s, y]), bool(f.above[s, y]), after)
        for f in sens.flips
        if not np.isnan(f.point[s, y])
    ]
    return sorted(out, key=lambda f: (f.change, f.node))


def _share_text(x: float) -> str:
    return f"{x * 100:.1f}".replace(".", ",").removesuffix(",0") + " %"


def flip_sentence(sens: Sensitivity, flip: Flip, subject_title: str, year: int) -> str:
    """'bij een gewicht voor Kosten boven 42 % (nu 35 %) wordt Handhaving 2019 voldoet niet'."""
    tree = sens.tree
    where = "" if flip.parent == tree.root else f" binnen {tree.titles[flip.parent]}"
    side = "boven" if flip.above else "onder"
    return (
        f"bij een gewicht voor {tree.titles[flip.node]}{where} {side} {_share_text(flip.point)} "
        f"(nu {_share_text(flip.share)}) wordt het oordeel over {subject_title} {year} '{flip.after}'"
    )


def _years(sens: Sensitivity, evaluated: np.ndarray, s: int) -> list[tuple[int, int]]:
    """(year index, year) of the years subject s is evaluated in (a voorstel: those of its raming)."""
    return [(y, year) for y, year in enumerate(sens.years) if evaluated[s, y]]


def _titles(ev: Evaluation) -> list[str]:
    return [ev.case.manifest.subjects[sid].title for sid in ev.subjects]


def sensitivity_json(sens: Sensitivity, ev: Evaluation, ruleset_sha256: str) -> dict:
    rs = ev.compiled.ruleset
    mc = sens.monte_carlo
    tree = sens.tree
    subjects = []
    evaluated = evaluated_years(ev)
    for s, (sid, title) in enumerate(zip(sens.subjects, _titles(ev))):
        years = []
        for y, year in _years(sens, evaluated, s):
            years.append(
                {
                    "year": year,
                    "total": r(sens.total[s, y]),
                    "verdict": sc.VERDICT_TEXT[sens.verdict[s, y]],
                    "verdict_probability": {
                        sc.VERDICT_TEXT[c]: r(mc.verdict_probability[c, s, y]) for c in SHOWN_VERDICTS
                    },
                    "total_p5": r(mc.low[s, y]),
                    "total_p95": r(mc.high[s, y]),
                    "total_mean": r(mc.mean[s, y]),
                    "rank": int(sens.rank[s, y]) or None,
                    "rank_kept": r(mc.rank_kept[s, y]),
                    "rank_best": int(mc.rank_best[s, y]) or None,
                    "rank_worst": int(mc.rank_worst[s, y]) or None,
                    "flips": [
                        {
                            "node": f.node,
                            "parent": f.parent,
                            "share": r(f.share),
                            "flip_at": r(f.point),
                            "direction": "above" if f.above else "below",
                            "verdict_after": f.after,
                            "text": flip_sentence(sens, f, title, year),
                        }
                        for f in flips_at(sens, s, y)
                    ],
                    "left_out": {
                        c: {
                            "total": r(sens.left_out[c].score[s, y]),
                            "verdict": sc.VERDICT_TEXT[sens.left_out[c].verdict[s, y]],
                        }
                        for c in sens.left_out
                    },
                }
            )
        subjects.append({"id": sid, "title": title, "years": years})
    return {
        "meta": {
            "engine_version": __version__,
            "ruleset_id": rs.id,
            "ruleset_version": rs.version,
            "ruleset_sha256": ruleset_sha256,
            "case_id": ev.case.manifest.id,
            "case_sha256": ev.case.sha256,
        },
        "settings": {
            "samples": sens.settings.samples,
            "spread": r(sens.settings.spread),
            "seed": sens.settings.seed,
            "distribution": "dirichlet",
        },
        "weights": [
            {
                "node": n,
                "title": tree.titles[n],
                "parent": tree.parent[n],
                "weight": tree.weights[n],
                "share": r(tree.share(n)),
            }
            for n in tree.weights
        ],
        "subjects": subjects,
    }


def _probability(p: float) -> str:
    """As the opening sentences count: 100 % only when every sample gives it, 0 % only when none does."""
    return f"{per_hundred(p)} %"


def _summary(sens: Sensitivity, titles: list[str], evaluated: np.ndarray) -> Table:
    mc = sens.monte_carlo
    table = FastTable(
        title="Kans op elk oordeel over het totaal, bij andere gewichten", box=box.SIMPLE_HEAD, title_justify="left"
    )
    for name, justify in (
        ("Onderwerp", "left"),
        ("Jaar", "right"),
        ("Totaal", "right"),
        ("5–95 %", "right"),
        ("Kans voldoet", "right"),
        ("Kans voldoet niet", "right"),
        ("Rang", "right"),
        ("Zelfde rang", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for s, title in enumerate(titles):
        years = _years(sens, evaluated, s)
        for y, year in years:
            total = None if np.isnan(sens.total[s, y]) else float(sens.total[s, y])
            verdict = sc.VERDICT_TEXT[sens.verdict[s, y]]
            spread = "–" if total is None else f"{score_text(float(mc.low[s, y]))}–{score_text(float(mc.high[s, y]))}"
            rank = "–" if not sens.rank[s, y] else f"{sens.rank[s, y]} ({mc.rank_best[s, y]}–{mc.rank_worst[s, y]})"
            table.add_row(
                title if (y, year) == years[0] else "",
                str(year),
                scored(total, verdict),
                spread,
                _probability(mc.verdict_probability[sc.PASS, s, y]),
                _probability(mc.verdict_probability[sc.FAIL, s, y]),
                rank,
                "–" if np.isnan(mc.rank_kept[s, y]) else percent(float(mc.rank_kept[s, y])),
                end_section=(y, year) == years[-1],
            )
    return table


def _criteria_flips(sens: Sensitivity, titles: list[str], evaluated: np.ndarray) -> Table:
    tree = sens.tree
    table = FastTable(
        title="Kantelpunten van de criteriumgewichten (aandeel binnen het bovenliggende criterium)",
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    table.add_column("Onderwerp")
    table.add_column("Jaar", justify="right")
    shown = [f for cid in tree.top_down() for f in sens.flips if f.node == cid]
    for f in shown:
        table.add_column(f"{_short(tree.titles[f.node])}\nnu {_share_text(f.share)}", justify="right")
    for s, title in enumerate(titles):
        years = _years(sens, evaluated, s)
        for y, year in years:
            cells = [
                "–" if np.isnan(f.point[s, y]) else f"{'>' if f.above[s, y] else '<'} {_share_text(f.point[s, y])}"
                for f in shown
            ]
            table.add_row(title if (y, year) == years[0] else "", str(year), *cells, end_section=(y, year) == years[-1])
    return table


def _short(title: str) -> str:
    return title.split(",")[0].strip()


def _left_out(sens: Sensitivity, titles: list[str], evaluated: np.ndarray) -> Table:
    table = FastTable(
        title="Totaal zonder één criterium (zijn gewicht op nul, de rest herwogen)",
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    table.add_column("Onderwerp")
    table.add_column("Jaar", justify="right")
    table.add_column("Totaal", justify="right")
    for cid in sens.left_out:
        table.add_column(f"zonder {_short(sens.tree.titles[cid])}", justify="right")
    for s, title in enumerate(titles):
        years = _years(sens, evaluated, s)
        for y, year in years:
            cells = []
            for agg in [None, *sens.left_out.values()]:
                score = sens.total[s, y] if agg is None else agg.score[s, y]
                verdict = sens.verdict[s, y] if agg is None else agg.verdict[s, y]
                cell = scored(None if np.isnan(score) else float(score), sc.VERDICT_TEXT[verdict])
                if agg is not None and verdict != sens.verdict[s, y]:
                    cell.stylize("reverse")
                cells.append(cell)
            table.add_row(title if (y, year) == years[0] else "", str(year), *cells, end_section=(y, year) == years[-1])
    return table


def print_sensitivity(console: Console, sens: Sensitivity, ev: Evaluation, context: Context | None = None) -> None:
    """First one plain sentence per subject (does its verdict hold under other weights?), then the detail.
    `context`: the conclusions' context whose robustness the analysis counted (Context.shares), if it did."""
    titles = _titles(ev)
    settings = sens.settings
    evaluated = evaluated_years(ev)
    console.print(Text(ev.case.manifest.title, style="bold"))
    console.print()
    for line in robustness_lines(ev, settings, console.width, context):
        console.print(line)
    console.print()
    console.print(Text("Hoe dit berekend is", style="bold"))
    console.print(f"Toetsingskader: {ev.compiled.ruleset.title}")
    samples = sc.fmt(settings.samples, 0)
    console.print(
        f"Gevoeligheid voor de gewichten: {samples} steekproeven, spreiding {_share_text(settings.spread)}, "
        f"seed {settings.seed}. Onder elk criterium worden de gewichten getrokken rond die van het "
        "toetsingskader (Dirichlet-verdeling); elke trekking is een andere weegset. '67 van de 100' is het "
        "deel van de weegsets dat hetzelfde oordeel geeft, op hele honderdsten afgerond; 100 van de 100 "
        f"alleen als alle {samples} het geven. Zeker: {SURE} of meer van de 100.",
        style="dim",
    )
    console.print()
    console.print(_summary(sens, titles, evaluated))
    console.print(
        "Rang: plaats van het onderwerp in dat jaar (1 = hoogste totaal), tussen haakjes de beste en "
        "slechtste plaats bij andere gewichten. Kantelpunt: het gewicht (als aandeel binnen het "
        "bovenliggende criterium) waarboven (>) of waaronder (<) het oordeel omslaat.",
        style="dim",
    )
    console.print()
    console.print(Text("Kantelpunten: de kleinste gewichtsverandering die het oordeel omdraait", style="bold"))
    any_flip = False
    for s, title in enumerate(titles):
        years = _years(sens, evaluated, s)
        for y, year in years:
            flips = flips_at(sens, s, y)
            if flips:
                any_flip = True
                others = len(flips) - 1
                more = (
                    ""
                    if not others
                    else " (nog 1 ander gewicht kan dit oordeel omdraaien)"
                    if others == 1
                    else f" (nog {others} andere gewichten kunnen dit oordeel omdraaien)"
                )
                console.print(f"- {flip_sentence(sens, flips[0], title, year)}{more}")
    if not any_flip:
        console.print("Geen enkel gewicht kan op zichzelf een oordeel omdraaien.")
    console.print()
    console.print(_criteria_flips(sens, titles, evaluated))
    console.print(
        "> 49 %: bij een groter aandeel dan 49 % slaat het oordeel om; < 9 %: bij een kleiner aandeel. "
        "De andere gewichten onder hetzelfde criterium schuiven naar verhouding mee. – : dit gewicht "
        "alleen kan het oordeel niet omdraaien.",
        style="dim",
    )
    console.print()
    console.print(_left_out(sens, titles, evaluated))
    console.print(
        "Omgekeerd weergegeven: het oordeel verandert als dat criterium wegvalt. Alle kantelpunten per "
        "gewicht staan in de JSON-uitvoer (--format json).",
        style="dim",
    )
