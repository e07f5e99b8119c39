"""Check a ruleset's meaning and compile it for the engine (pure: no I/O).

Pydantic checks types and shapes; this module checks what makes scores wrong silently: unknown names
in formulas, cycles, a broken tree, scoring that does not fit its data. Every finding carries the key
path it concerns, so that the loader can name the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from criteria import formula as fx
from criteria.limits import MAX_TREE_DEPTH
from criteria.model.ruleset import BandsScoring, OrdinalScoring, Ruleset, YesNoScoring
from criteria.rules.findings import Finding, KeyPath, did_you_mean
from criteria.rules.graph import DiGraph, dependency_graph, evaluation_order, find_cycle, tree_graph, upstream


class RulesetInvalid(Exception):
    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("; ".join(f.message for f in findings))


@dataclass(frozen=True)
class CompiledRuleset:
    ruleset: Ruleset
    formulas: dict[str, fx.Formula]  # derived field name or indicator id -> parsed formula
    derived_order: list[str]
    field_graph: DiGraph  # fields and derived fields -> the derived fields that read them
    indicator_reads: dict[str, frozenset[str]]  # indicator -> every field and derived field reaching it
    tree: DiGraph
    children: dict[str, list[str]]
    root: str
    postorder: list[str]
    label_fields: frozenset[str] = field(default_factory=frozenset)
    warnings: tuple[Finding, ...] = ()  # findings of severity "waarschuwing" (the ruleset is usable)

    def inputs_of(self, name: str) -> list[str]:
        """Fields and derived fields that reach indicator or derived field `name`, in a stable order."""
        if name in self.indicator_reads:
            return sorted(self.indicator_reads[name])
        return sorted(upstream(self.field_graph, name))


def _formula_reads(formula: fx.Formula) -> set[str]:
    return set(formula.names) | {name for name, _ in formula.partner_refs}


def _check_formula_names(ruleset: Ruleset, key: KeyPath, formula: fx.Formula) -> list[Finding]:
    known = sorted(set(ruleset.fields) | set(ruleset.derived))
    findings = undeclared_names(known, key, formula)
    for name in sorted(formula.names):
        if name not in known:
            continue
        if name in ruleset.fields and ruleset.fields[name].scope == "partner":
            findings.append(
                Finding(
                    key,
                    f"'{name}' is een veld per partnergemeente",
                    f'gebruik sum_partners({name}) of partner({name}, "id")',
                )
            )
        elif name in ruleset.fields and ruleset.fields[name].type == "label" and key[0] == "derived":
            findings.append(
                Finding(
                    key,
                    f"'{name}' is een label-veld en kan niet in een berekening",
                    "score het label met een indicator (ordinale schaal of ja/nee)",
                )
            )
    for name, _partner in sorted(formula.partner_refs, key=lambda r: (r[0], r[1] or "")):
        fdef = ruleset.fields.get(name)
        if fdef is None or fdef.scope != "partner":
            partner_fields = sorted(n for n, f in ruleset.fields.items() if f.scope == "partner")
            findings.append(
                Finding(
                    key,
                    f"'{name}' is geen veld per partnergemeente (scope = \"partner\")",
                    did_you_mean(name, partner_fields),
                )
            )
    return findings


def undeclared_names(known: list[str], key: KeyPath, formula: fx.Formula) -> list[Finding]:
    return [
        Finding(
            key,
            f"de formule gebruikt '{name}', maar dat veld is niet gedeclareerd in [fields] of [derived]",
            did_you_mean(name, known),
        )
        for name in sorted(formula.names)
        if name not in known
    ]


def _check_tree(ruleset: Ruleset) -> list[Finding]:
    findings: list[Finding] = []
    roots = [cid for cid, c in ruleset.criteria.items() if c.parent is None]
    if len(roots) != 1:
        findings.append(
            Finding(
                ("criteria",),
                "er moet precies één hoofdcriterium zijn (zonder 'parent'); "
                f"gevonden: {len(roots)} ({', '.join(roots) or 'geen'})",
                "geef alle criteria behalve het hoofdcriterium een 'parent'",
            )
        )
    clash = set(ruleset.criteria) & set(ruleset.indicators)
    for name in sorted(clash):
        findings.append(
            Finding(
                ("indicators", name), f"'{name}' is zowel criterium als indicator", "geef de indicator een andere naam"
            )
        )
    crit_ids = sorted(ruleset.criteria)
    for cid, crit in ruleset.criteria.items():
        if crit.parent is not None and crit.parent not in ruleset.criteria:
            findings.append(
                Finding(
                    ("criteria", cid, "parent"),
                    f"onbekend oudercriterium '{crit.parent}'",
                    did_you_mean(crit.parent, crit_ids),
                )
            )
    for iid, ind in ruleset.indicators.items():
        if ind.parent not in ruleset.criteria:
            findings.append(
                Finding(
                    ("indicators", iid, "parent"),
                    f"onbekend oudercriterium '{ind.parent}'",
                    did_you_mean(ind.parent, crit_ids),
                )
            )
    parents: dict[str, str | None] = {c: v.parent for c, v in ruleset.criteria.items()}
    graph = tree_graph(parents)
    cycle = find_cycle(graph)
    if cycle:
        findings.append(
            Finding(
                ("criteria", cycle[0], "parent"),
                "de criteriaboom bevat een kring: " + " → ".join(cycle),
                "laat één van deze criteria naar een hoger criterium wijzen",
            )
        )
        return findings
    for cid in ruleset.criteria:
        kids = ruleset.children(cid)
        if not kids:
            findings.append(
                Finding(
                    ("criteria", cid),
                    f"criterium '{cid}' heeft geen sub-criteria of indicatoren",
                    f'zet parent = "{cid}" bij een indicator, of verwijder het criterium',
                )
            )
        elif sum(_weight(ruleset, k) for k in kids) <= 0:
            findings.append(
                Finding(
                    ("criteria", cid),
                    f"de gewichten onder '{cid}' tellen op tot nul",
                    "geef minstens één onderdeel een positief gewicht",
                )
            )
        depth = len(upstream(graph, cid))
        if depth > MAX_TREE_DEPTH:
            findings.append(
                Finding(("criteria", cid), f"de boom is dieper dan {MAX_TREE_DEPTH} niveaus", "voeg niveaus samen")
            )
    return findings


def _weight(ruleset: Ruleset, node: str) -> float:
    return ruleset.criteria[node].weight if node in ruleset.criteria else ruleset.indicators[node].weight


def _check_scoring(ruleset: Ruleset, iid: str, formula: fx.Formula | None) -> list[Finding]:
    ind = ruleset.indicators[iid]
    key: KeyPath = ("indicators", iid, "scoring")
    findings: list[Finding] = []
    label_field = None
    if formula is not None and len(formula.names) == 1 and not formula.partner_refs:
        only = next(iter(formula.names))
        fdef = ruleset.fields.get(only)
        if fdef is not None and fdef.type == "label" and fx.unparse(formula) == only:
            label_field = only
    uses_labels = formula is not None and any(
        ruleset.fields.get(n) is not None and ruleset.fields[n].type == "label" for n in formula.names
    )
    if isinstance(ind.scoring, OrdinalScoring):
        if label_field is None:
            findings.append(
                Finding(
                    key,
                    'een ordinale schaal vraagt als formule precies één label-veld (type = "label")',
                    "gebruik lineair of banden voor getallen",
                )
            )
    elif uses_labels and not (isinstance(ind.scoring, YesNoScoring) and label_field is not None):
        findings.append(
            Finding(
                ("indicators", iid, "formula"),
                "een label-veld kan alleen met een ordinale schaal of ja/nee worden gescoord",
                'gebruik scoring = { kind = "ordinal", scale = { ... } }',
            )
        )
    if label_field is not None and ind.measure != "value":
        findings.append(
            Finding(
                ("indicators", iid, "measure"),
                'bij een label-veld kan alleen measure = "value"',
                'zet measure = "value"',
            )
        )
    if isinstance(ind.scoring, BandsScoring):
        findings.extend(check_bands(ind.scoring, key + ("bands",)))
    norm = ind.norm
    if norm is not None and norm.one_of and label_field is None and not isinstance(ind.scoring, YesNoScoring):
        findings.append(
            Finding(
                ("indicators", iid, "norm"), "'one_of' past alleen bij een label-veld", "gebruik at_least en/of at_most"
            )
        )
    if norm is not None and norm.one_of and isinstance(ind.scoring, OrdinalScoring):
        unknown = [lab for lab in norm.one_of if lab not in ind.scoring.scale]
        for lab in unknown:
            findings.append(
                Finding(
                    ("indicators", iid, "norm", "one_of"),
                    f"label '{lab}' staat niet in de schaal",
                    did_you_mean(lab, list(ind.scoring.scale))
                    or f"voeg {lab} = <score> toe aan de schaal of haal het uit one_of",
                )
            )
    if norm is not None and norm.one_of and isinstance(ind.scoring, YesNoScoring):
        for lab in norm.one_of:
            if lab not in ("ja", "nee"):
                findings.append(
                    Finding(
                        ("indicators", iid, "norm", "one_of"),
                        f"bij ja/nee zijn alleen 'ja' en 'nee' mogelijk, niet '{lab}'",
                        'bijvoorbeeld one_of = ["ja"]',
                    )
                )
    if norm is not None and not norm.one_of and label_field is not None:
        findings.append(
            Finding(
                ("indicators", iid, "norm"),
                "bij een label-veld vraagt de norm om 'one_of' (labels die voldoen)",
                'bijvoorbeeld norm = { one_of = ["ja"] }',
            )
        )
    nullijn = ruleset.nullijn_for(iid)
    if ind.measure != "value":
        if nullijn is None:
            findings.append(
                Finding(
                    ("indicators", iid, "measure"),
                    f'measure = "{ind.measure}" vraagt om een nullijn (bij de indicator of '
                    "als standaard bovenaan het toetsingskader)",
                    'bijvoorbeeld nullijn = { kind = "base_year", year = 2017 }',
                )
            )
        elif (
            nullijn.kind == "reference" and nullijn.field not in ruleset.fields and nullijn.field not in ruleset.derived
        ):
            known = sorted(set(ruleset.fields) | set(ruleset.derived))
            findings.append(
                Finding(
                    ("indicators", iid, "nullijn", "field"),
                    f"onbekend referentieveld '{nullijn.field}'",
                    did_you_mean(nullijn.field or "", known),
                )
            )
        elif nullijn.kind == "reference":
            findings.extend(_check_reference_field(ruleset, iid, nullijn.field))  # type: ignore[arg-type]
    return findings


def _check_reference_field(ruleset: Ruleset, iid: str, name: str) -> list[Finding]:
    """A reference nullijn reads a number per subject (or for the samenwerking), never a label or per-partner field."""
    fdef = ruleset.fields.get(name)
    if fdef is None:
        return []  # a derived field: always a number
    key = ("indicators", iid, "nullijn", "field") if ruleset.indicators[iid].nullijn else ("nullijn", "field")
    if fdef.type != "number":
        return [
            Finding(
                key,
                f"referentieveld '{name}' van de nullijn is een label-veld; de nullijn vraagt een getal",
                'kies een getal-veld (type = "number") als referentie',
            )
        ]
    if fdef.scope == "partner":
        return [
            Finding(
                key,
                f"referentieveld '{name}' van de nullijn wordt per partnergemeente opgegeven",
                "maak een afgeleid veld met sum_partners(...) of partner(...) en gebruik dat als referentie",
            )
        ]
    return []


def check_bands(scoring: BandsScoring, key: KeyPath) -> list[Finding]:
    """Bands must cover the line without gaps or overlaps (open ends allowed at the extremes)."""
    findings: list[Finding] = []
    lo = float("-inf")
    bands = sorted(enumerate(scoring.bands), key=lambda ib: ib[1].min if ib[1].min is not None else float("-inf"))
    for pos, (index, band) in enumerate(bands):
        bmin = band.min if band.min is not None else float("-inf")
        bmax = band.max if band.max is not None else float("inf")
        if bmax <= bmin:
            findings.append(
                Finding(
                    key + (index,),
                    f"band {index + 1}: 'max' ({bmax:g}) ligt niet boven 'min' ({bmin:g})",
                    "verwissel 'min' en 'max'",
                )
            )
            continue
        if pos > 0 and bmin < lo:
            findings.append(
                Finding(
                    key + (index,),
                    f"band {index + 1} overlapt met de vorige band (vanaf {bmin:g})",
                    f"laat band {index + 1} beginnen bij {lo:g}",
                )
            )
        elif pos > 0 and bmin > lo:
            findings.append(
                Finding(
                    key + (index,),
                    f"tussen {lo:g} en {bmin:g} valt geen enkele band",
                    f"laat band {index + 1} beginnen bij {lo:g}",
                )
            )
        lo = max(lo, bmax)
    return findings


def _check_lookalikes(ruleset: Ruleset) -> list[Finding]:
    """Names that differ only in case (or Unicode form, invisible or look-alike characters) are refused: one
    name must never silently stand for another (PO and po). Ids of the tree, of fields, and the tags."""
    from criteria.model.identifiers import collision_message, collisions

    findings = []
    for what, groups in (
        ("naam", (("criteria", ruleset.criteria), ("indicators", ruleset.indicators))),
        ("veldnaam", (("fields", ruleset.fields), ("derived", ruleset.derived))),
    ):
        section_of = {name: section for section, items in groups for name in items}
        for earlier, later in collisions(section_of):
            findings.append(
                Finding(
                    (section_of[later], later),
                    collision_message(what, earlier, later),
                    f"gebruik één schrijfwijze: '{earlier}'",
                )
            )
    tags = [
        (section, node, i, tag)
        for section, items in (("criteria", ruleset.criteria), ("indicators", ruleset.indicators))
        for node, item in items.items()
        for i, tag in enumerate(item.applies_to or [])
    ]
    where: dict[str, tuple[str, str, str, int]] = {}
    for section, node, i, tag in tags:
        where.setdefault(tag, (section, node, "applies_to", i))
    for earlier, later in collisions(where):
        findings.append(
            Finding(where[later], collision_message("tag", earlier, later), f"gebruik één schrijfwijze: '{earlier}'")
        )
    return findings


def compile_ruleset(ruleset: Ruleset) -> CompiledRuleset:
    """Parse every formula, order derived fields, check the tree; raise RulesetInvalid with all findings."""
    findings: list[Finding] = []
    formulas: dict[str, fx.Formula] = {}
    sources = [(("derived", n, "formula"), n, d.formula) for n, d in ruleset.derived.items()]
    sources += [(("indicators", i, "formula"), i, ind.formula) for i, ind in ruleset.indicators.items()]
    for key, name, text in sources:
        try:
            formulas[name] = fx.parse(text)
        except fx.FormulaError as err:
            findings.append(Finding(key, err.message, "zie de formuletaal in docs/formaat-toetsingskader.md"))
            continue
        findings.extend(_check_formula_names(ruleset, key, formulas[name]))
    for name in sorted(set(ruleset.fields) & set(ruleset.derived)):
        findings.append(
            Finding(
                ("derived", name),
                f"'{name}' is zowel een veld als een afgeleid veld",
                "geef het afgeleide veld een andere naam",
            )
        )
    findings.extend(_check_lookalikes(ruleset))
    findings.extend(_check_tree(ruleset))
    for iid in ruleset.indicators:
        findings.extend(_check_scoring(ruleset, iid, formulas.get(iid)))

    graph = dependency_graph({n: _formula_reads(formulas[n]) for n in ruleset.derived if n in formulas})
    graph.add_nodes_from(ruleset.fields)
    cycle = find_cycle(graph)
    if cycle:
        findings.append(
            Finding(
                ("derived", cycle[0], "formula"),
                "afgeleide velden verwijzen in een kring naar elkaar: " + " → ".join(cycle),
                "laat één van deze velden rechtstreeks uit aangeleverde velden rekenen",
            )
        )
    from criteria.rules.group_checks import group_formulas

    extra, group_reads = group_formulas(ruleset, findings, _check_formula_names, did_you_mean, Finding)
    from criteria.rules.checks import deep_findings

    findings.extend(deep_findings(ruleset, formulas, group_reads))
    from criteria.rules.voorstel_checks import field_findings

    findings.extend(field_findings(ruleset))  # inventory measures and `combine` (issue 4)
    if any(f.severity == "fout" for f in findings):
        raise RulesetInvalid(findings)

    reads: dict[str, frozenset[str]] = {}
    for iid, ind in ruleset.indicators.items():
        direct = _formula_reads(formulas[iid])
        null = ruleset.nullijn_for(iid)
        if ind.measure != "value" and null is not None and null.kind == "reference" and null.field:
            direct.add(null.field)
        reads[iid] = frozenset(direct.union(*(upstream(graph, n) for n in direct)))
    for sid in ruleset.signals:
        direct = _formula_reads(extra[sid])
        reads[sid] = frozenset(direct.union(*(upstream(graph, n) for n in direct)))
    formulas.update(extra)
    order = [n for n in evaluation_order(graph) if n in ruleset.derived]
    children = {cid: ruleset.children(cid) for cid in ruleset.criteria}
    tree = tree_graph(
        {**{c: v.parent for c, v in ruleset.criteria.items()}, **{i: v.parent for i, v in ruleset.indicators.items()}}
    )
    root = ruleset.root
    post: list[str] = []
    stack: list[tuple[str, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            post.append(node)
            continue
        stack.append((node, True))
        for child in reversed(children.get(node, [])):
            stack.append((child, False))
    labels = frozenset(n for n, f in ruleset.fields.items() if f.type == "label")
    warnings = tuple(f for f in findings if f.severity != "fout")
    return CompiledRuleset(ruleset, formulas, order, graph, reads, tree, children, root, post, labels, warnings)
