"""A reference group in the explain tree: who is in it, the statistic, the subject's place, the members."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from rich.tree import Tree

from criteria.engine.breakdown import group_comparison
from criteria.engine.group_breakdown import FormulaColumns
from criteria.engine.scoring import NOT_APPLICABLE, fmt
from criteria.model.result import GroupResult
from criteria.report.common import number

if TYPE_CHECKING:
    from criteria.result.view import ResultView


def group_lines(g: GroupResult) -> list[str]:
    """The facts of a group as Dutch lines (for the terminal and for documents)."""
    unit = g.unit
    lines = [f"{g.statistic_text} van {g.members} gemeenten: {number(g.value, unit)} (bron: {g.source})"]
    if g.members < g.min_members:
        lines.append(f"let op: de groep telt minder dan {g.min_members} gemeenten; de uitkomst is weinig zeggend")
    if g.rank is not None and g.percentile is not None:
        lines.append(
            f"eigen waarde {number(g.subject_value, unit)}: plaats {fmt(g.rank, 0)} van {g.members + 1} "
            f"(1 = laagste), hoger dan {fmt(g.percentile, 0)} % van de groep"
        )
    if g.own_codes:
        lines.append(
            "niet in de eigen groep: "
            + ", ".join(g.own_codes)
            + (" (het onderwerp zelf)" if len(g.own_codes) == 1 else " (de gemeenten van het onderwerp)")
        )
    if g.condition:
        lines.append(f"voorwaarde per jaar: {g.condition}")
    lines += [f"uitgesloten: {e}" for e in g.excluded]
    return lines


def group_note(g: GroupResult) -> str:
    """The group in one note (documents): title, facts, members from low to high (top and bottom when long)."""
    listed = [f"{m.code} {m.name} {number(m.value, g.unit)}" for m in g.member_list]
    if g.members_left_out:
        half = len(listed) // 2
        listed = listed[:half] + [f"… {g.members_left_out} andere …"] + listed[half:]
    return (
        f"referentiegroep '{g.title}': "
        + "; ".join(group_lines(g))
        + "; leden van laag naar hoog: "
        + ", ".join(listed)
    )


def group_tree(g: GroupResult, shown: dict, where: str, label: str = "referentiegroep") -> Tree:
    """The group with its members; a member list already shown (same group, ratio and year) is referred to."""
    tree = Tree(Text(f"{label}: {g.title}", style="bold"))
    for line in group_lines(g):
        tree.add(Text(line, style="yellow" if line.startswith("let op") else ""))
    key = (g.id, g.unit, g.statistic, tuple((m.code, m.value) for m in g.member_list))
    if key in shown:
        tree.add(Text(f"leden: zie hierboven bij '{shown[key]}'", style="dim"))
        return tree
    shown[key] = where
    members = tree.add(
        Text(
            "leden, van laag naar hoog"
            + (
                f" (de laagste en hoogste {len(g.member_list) // 2}; {g.members_left_out} ertussen niet getoond)"
                if g.members_left_out
                else ""
            ),
            style="bold",
        )
    )
    half = len(g.member_list) // 2 if g.members_left_out else None
    for i, m in enumerate(g.member_list):
        if half is not None and i == half:
            members.add(Text("…", style="dim"))
        entry = Text(f"{m.code} {m.name}: {number(m.value, g.unit)}")
        if m.bron:
            entry.append(f"\n  bron: {m.bron}", style="cyan")
        members.add(entry)
    return tree


def _applies(ev, node: str, s: int, y: int) -> bool:
    """The node's breakdown in this subject-year has a verdict other than 'niet van toepassing'."""
    if node in ev.signals:
        return bool(ev.signals[node].applicable[s, y])
    return int(ev.indicators[node].verdict[s, y]) != NOT_APPLICABLE


def group_summary(result: ResultView) -> list[Text]:
    """After the evaluate table: every comparison with a reference group, one line per year and outcome.

    Subjects with the same outcome (teams that share their gemeenten's figures) share one line. Per subject-year
    only the group and the deviation of the nodes with a reference-group nullijn are read (as their breakdowns
    show them, without building those breakdowns; the groups unvalidated, their values are read only here)."""
    lines: dict[tuple, list[str]] = {}
    groups: dict[str, str] = {}
    ev, nodes = result.evaluation, result.group_nodes
    formulas = FormulaColumns(ev)  # each group formula evaluated once, for every subject-year
    for subject in result.scored if nodes else ():
        assert subject.row is not None  # a scored subject has a row
        for year in subject.years:
            y = result.year_position(year)
            for node in nodes:
                signal = node in ev.signals
                found = (
                    group_comparison(ev, node, subject.row, y, formulas, validate=False)
                    if _applies(ev, node, subject.row, y)
                    else None
                )
                g, deviation = found or (None, None)
                if g is None or deviation is None:
                    continue
                groups[g.id] = f"{g.title} (bron: {g.source})"
                stat = f"{g.statistic_text} van {g.members} gemeenten {number(g.value, g.unit)}"
                place = f", plaats {fmt(g.rank, 0)} van {g.members + 1}" if g.rank is not None and not signal else ""
                kind = "signaal" if signal else "indicator"
                key = (g.id, result.node_title(node), year, stat, deviation + place, kind)
                lines.setdefault(key, []).append(subject.title)
    if not lines:
        return []
    out = [Text("Tegenover de referentiegroep", style="bold")]
    for gid, text in groups.items():
        out.append(Text(f"Referentiegroep: {text}"))
        for key, subjects in lines.items():
            if key[0] != gid:
                continue
            _, title, year, stat, deviation, kind = key
            who = subjects[0] if len(subjects) == 1 else ", ".join(subjects)
            out.append(
                Text(
                    f"  {title}, {year}: {stat}; {who}: {deviation}"
                    + (" (signaal, niet gescoord)" if kind == "signaal" else "")
                )
            )
    return out
