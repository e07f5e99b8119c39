"""The explain tree: from the total down to every input value and its bron, readable for a council member."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.text import Text
from rich.tree import Tree

from criteria.model.result import Correction, InputValue, NodeResult
from criteria.report.common import header_lines, number, percent, score_text, verdict_text, whole_case
from criteria.report.corrections import node_correction
from criteria.report.terminal.group import group_tree
from criteria.report.terminal.voorstel import comparison_sections
from criteria.result.view import ResultView, SubjectInfo


def _node_label(node: NodeResult) -> Text:
    text = Text()
    text.append(node.title, style="bold")
    if node.kind == "signaal":
        text.append("  ")
        text.append_text(verdict_text(node.verdict))
        text.append("\nwordt getoond, niet gescoord en niet gewogen", style="dim")
        return text
    text.append(f"  score {score_text(node.score)}  ")
    text.append_text(verdict_text(node.verdict))
    facts = [f"gewicht {node.weight:g}"]
    if node.weight_normalised is not None:
        facts[0] += f" (= {percent(node.weight_normalised)} van het bovenliggende)"
    if node.contribution is not None:
        facts.append(f"bijdrage {node.contribution:.2f}".replace(".", ","))
    if node.kind == "criterium" and node.completeness is not None:
        facts.append(f"volledigheid {percent(node.completeness)}")
    if node.kind == "criterium" and node.estimate_share:
        facts.append(f"op schatting {percent(node.estimate_share)}")
    if node.kind == "indicator" and node.estimate_share:
        facts.append("rust op illustratieve gegevens of kwaliteit C")
    text.append("\n" + " · ".join(facts), style="dim")
    return text


def _input_line(item: InputValue, whole: str = "hele samenwerking") -> Text:
    who = f" [{item.partner}]" if item.partner else ""
    scope = "" if item.subject else f" ({whole})"
    text = Text(f"{item.title} ({item.name}{who}, {item.year}){scope}: {number(item.value, item.unit)}")
    if item.formula:
        text.append(f"\n  afgeleid: {item.formula} = {item.formula_filled}", style="dim")
    else:
        bron = item.bron or "geen gegeven aangeleverd"
        text.append(f"\n  bron: {bron}", style="cyan")
        if item.quality:
            text.append(f" · kwaliteit {item.quality}", style="cyan")
        if item.location:
            text.append(f" · {item.location}", style="dim")
    for line in item.details:  # issue 4: the tasks (or people, by pseudonym) behind a kwetsbaarheid number
        text.append(f"\n  · {line}", style="yellow")
    return text


def _add(
    tree: Tree,
    node: NodeResult,
    corrections: dict[str, Correction],
    shown_groups: dict | None = None,
    whole: str = "hele samenwerking",
) -> None:
    shown_groups = {} if shown_groups is None else shown_groups
    branch = tree.add(_node_label(node))
    if node.id in corrections:
        branch.add(node_correction(corrections[node.id]))
    branch.add(Text(f"oordeel: {node.verdict_reason}"))
    if node.score_before_knockout is not None:
        branch.add(Text(f"score vóór knock-out: {score_text(node.score_before_knockout)}", style="bold red"))
    if node.indicator is None:
        if node.toelichting:
            branch.add(Text(f"toelichting: {node.toelichting}", style="italic"))
        for child in node.children:
            _add(branch, child, corrections, shown_groups, whole)
        return
    d = node.indicator
    if node.verdict == "niet van toepassing":
        if node.toelichting:
            branch.add(Text(f"toelichting: {node.toelichting}", style="italic"))
        return
    branch.add(Text(f"waarde: {number(d.value, d.value_unit)}" + (f" ({d.value_note})" if d.value_note else "")))
    branch.add(Text(f"formule: {d.formula} = {d.formula_filled}"))
    if d.nullijn is not None:
        null = f"nullijn: {d.nullijn.description} = {number(d.nullijn.value, d.value_unit)}"
        if d.nullijn.bron:
            null += f" (bron: {d.nullijn.bron})"
        branch.add(Text(null))
    if d.nullijn is not None and d.nullijn.group is not None:
        branch.add(group_tree(d.nullijn.group, shown_groups, node.title))
    if d.measure_formula:
        branch.add(Text(f"meting: {d.measure_formula}"))
    if d.deviation_text:
        branch.add(Text(f"afwijking van de groep: {d.deviation_text}", style="bold"))
    if d.norm_group is not None:
        branch.add(group_tree(d.norm_group, shown_groups, node.title, "norm tegenover referentiegroep"))
    branch.add(Text(f"scoring: {d.scoring}"))
    branch.add(Text(f"norm: {d.norm or 'geen norm vastgesteld'}" + (f"; {d.knockout}" if d.knockout else "")))
    if d.what_if:
        branch.add(Text("wat als: " + "; ".join(d.what_if), style="magenta"))
    if node.toelichting:
        branch.add(Text(f"toelichting: {node.toelichting}", style="italic"))
    inputs = branch.add(Text("invoer", style="bold"))
    for item in d.inputs:
        inputs.add(_input_line(item, whole))


def explain_tree(
    subject: SubjectInfo,
    year: int,
    total: NodeResult,
    corrections: Sequence[Correction] = (),
    whole: str = "hele samenwerking",
) -> Tree:
    """The tree of one subject-year (`total`: its breakdown), with the corrections of that subject-year."""
    label = Text(
        f"{subject.title} ({subject.id}, {subject.kind}) — {year}: totaal {score_text(total.score)}  ", style="bold"
    )
    label.append_text(verdict_text(total.verdict))
    label.append(
        f"\n{total.verdict_reason}; volledigheid {percent(total.completeness)}"
        + (f"; op schatting {percent(total.estimate_share)}" if total.estimate_share else ""),
        style="dim",
    )
    tree = Tree(label, guide_style="dim")
    by_node = {c.node: c for c in corrections if c.subject == subject.id and c.year == year}
    if total.id in by_node:
        tree.add(node_correction(by_node[total.id]))
    shown_groups: dict = {}  # a group's member list is shown once; later uses refer back to it
    for child in total.children:
        _add(tree, child, by_node, shown_groups, whole)
    return tree


def print_explain(console: Console, result: ResultView, subject: SubjectInfo, year: int) -> None:
    console.print(Group(*header_lines(result)))
    console.print()
    console.print(
        explain_tree(subject, year, result.breakdown(subject.id, year), result.corrections, whole_case(result))
    )
    voorstel = next((c.voorstel for c in result.comparisons if subject.id in (c.voorstel, c.huidige_situatie)), None)
    for item in comparison_sections(result, voorstel, year) if voorstel else []:  # issue 4
        console.print(item)
