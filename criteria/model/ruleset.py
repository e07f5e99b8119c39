"""The ruleset (toetsingskader): fields, derived fields, a criteria tree with indicators.

The TOML format mirrors these models one to one; docs/formaat-toetsingskader.md documents it.
"""

from typing import Annotated, Literal, Self

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from criteria import limits
from criteria.model.inventory import InventoryMeasure
from criteria.schema_store import CachedSchema

ID_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
Identifier = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]


def _not_huge(value: object) -> object:
    """An integer too large for a float (TOML allows 4300 digits) is refused as absurd, not as 'no number'."""
    if isinstance(value, int) and not isinstance(value, bool) and limits.absurd(value):
        raise ValueError(limits.absurd_text(value))
    return value


Score = Annotated[float, Field(ge=0, le=10, allow_inf_nan=False), BeforeValidator(_not_huge)]


def _sane(value: float) -> float:
    if limits.absurd(value):
        raise ValueError(limits.absurd_text(value))
    return value


def _sane_year(year: int) -> int:
    if not limits.year_ok(year):
        raise ValueError(f"jaar {year} ligt niet tussen {limits.MIN_YEAR} en {limits.MAX_YEAR}")
    return year


def _plain(text: str) -> str:
    """A tag or label as a user types it: no invisible characters, foreign look-alike letters or odd spaces."""
    from criteria.model.identifiers import describe

    odd = describe(text)
    if odd:
        raise ValueError(f"'{text}' bevat {odd}")
    return text


def distinct(items: dict, what: str) -> dict:
    """Refuse names that differ only in case, Unicode form or invisible/look-alike characters (PO and po)."""
    from criteria.model.identifiers import collision_message, collisions

    pairs = collisions(items)
    if pairs:  # located at the first later name (criteria/load/messages.py reads ctx["key"])
        raise PydanticCustomError(
            "lookalike_names",
            "{message}",
            {"message": "; ".join(collision_message(what, a, b) for a, b in pairs), "key": pairs[0][1]},
        )
    return items


def too_many(items: dict, limit: int, what: str) -> dict:
    """Refuse a collection above its limit (criteria/limits.py) before any work is done on it."""
    if len(items) > limit:
        raise ValueError(f"te veel {what} ({len(items)}); het maximum is {limit}")
    return items


Finite = Annotated[float, Field(allow_inf_nan=False), BeforeValidator(_not_huge), AfterValidator(_sane)]
Weight = Annotated[float, Field(ge=0, allow_inf_nan=False), BeforeValidator(_not_huge), AfterValidator(_sane)]
Year = Annotated[int, AfterValidator(_sane_year)]
Tag = Annotated[str, Field(min_length=1), AfterValidator(_plain)]  # tags of subjects and applies_to
# How the values of a voorstel's current subjects combine into the huidige situatie (docs/voorstel.md).
Combine = Literal["sum", "mean", "weighted_mean", "lowest", "highest", "same", "zero", "none"]
# A statistic over a reference group (docs/referentiegroep.md; criteria/engine/reference.py).
Statistic = Literal["mean_of_ratios", "weighted_mean", "median", "p25", "p75"]
# A gemeente code in a reference table, e.g. the CBS code GM0397; checked against the table at evaluation.
GemeenteCode = Annotated[str, Field(pattern=r"^[A-Za-z0-9_]{1,16}$")]
Formula = Annotated[str, Field(min_length=1)]


def empty_list() -> list:
    """A new empty list: the default_factory of list fields. Not `list` itself: pydantic inspects the factory's
    signature, and inspect.signature(list) compiles the tokenize module's patterns (~4 ms of every start)."""
    return []


def added(default=None, **kwargs):
    """A key added after rulesets were fingerprinted: left out of the canonical form while unused, so that
    every ruleset that does not use it keeps its fingerprint (docs/formaat-toetsingskader.md)."""
    if "default_factory" in kwargs:
        return Field(exclude_if=_is_empty, **kwargs)
    return Field(default=default, exclude_if=_is_none, **kwargs)


def _is_none(value: object) -> bool:
    return value is None


def _is_empty(value: object) -> bool:
    return not value


class Strict(CachedSchema, BaseModel):
    """A model of user input: unknown keys refused, and no type coercion (strict): true is not 1, "5" is not 5,
    a date is not a text. An integer is accepted where a number is asked."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class GroupComparison(Strict):
    """A statistic over a reference group: of the ratio numerator / denominator of every member."""

    group: Identifier
    statistic: Statistic
    numerator: Formula  # a formula over [fields] names that the case's reference table supplies
    denominator: Formula | None = None

    @model_validator(mode="after")
    def _weighted_needs_denominator(self) -> Self:
        if self.statistic == "weighted_mean" and self.denominator is None:
            raise ValueError(
                'statistic = "weighted_mean" (som van de tellers gedeeld door de som van de '
                "noemers) vraagt om 'denominator'"
            )
        return self


GROUP_KEYS = ("group", "statistic", "numerator", "denominator", "scale")


class Nullijn(Strict):
    """The baseline a measure is compared with."""

    kind: Literal["base_year", "reference", "fixed", "reference_group"]
    year: Year | None = None
    field: Identifier | None = None
    value: Finite | None = None
    bron: str | None = None
    description: str | None = None
    # kind = "reference_group": a statistic over a reference group (docs/referentiegroep.md)
    group: Identifier | None = added()
    statistic: Statistic | None = added()
    numerator: Formula | None = added()
    denominator: Formula | None = added()
    scale: Formula | None = added()  # nullijn = statistic x the subject's value of this formula

    @model_validator(mode="after")
    def _complete(self) -> Self:
        needed = {
            "base_year": ("year",),
            "reference": ("field",),
            "fixed": ("value",),
            "reference_group": ("group", "statistic", "numerator"),
        }[self.kind]
        for key in needed:
            if getattr(self, key) is None:
                raise ValueError(f"nullijn van soort '{self.kind}' vraagt om '{key}'")
        if self.kind != "reference_group":
            stray = [k for k in GROUP_KEYS if getattr(self, k) is not None]
            if stray:
                raise ValueError(f"'{stray[0]}' hoort alleen bij een nullijn van soort 'reference_group'")
        elif self.statistic == "weighted_mean" and self.denominator is None:
            raise ValueError(
                'statistic = "weighted_mean" (som van de tellers gedeeld door de som van de '
                "noemers) vraagt om 'denominator'"
            )
        return self

    def comparison(self) -> GroupComparison | None:
        """The group statistic of a reference_group nullijn (its validator has made sure of group, statistic and
        numerator), else None."""
        if self.kind != "reference_group" or self.group is None or self.statistic is None or self.numerator is None:
            return None
        return GroupComparison(
            group=self.group, statistic=self.statistic, numerator=self.numerator, denominator=self.denominator
        )


class LinearScoring(Strict):
    """Linear between the 'slecht' anchor (score 0) and the 'goed' anchor (score 10), clamped."""

    kind: Literal["linear"]
    slecht: Finite
    goed: Finite

    @model_validator(mode="after")
    def _distinct(self) -> Self:
        if self.slecht == self.goed:
            raise ValueError("de ankers 'slecht' en 'goed' zijn gelijk; er is geen richting")
        return self


class Band(Strict):
    """A half-open band min <= measure < max; an absent bound is open."""

    min: Finite | None = None
    max: Finite | None = None
    score: Score
    label: str | None = None


class BandsScoring(Strict):
    kind: Literal["bands"]
    bands: list[Band] = Field(min_length=1)


class OrdinalScoring(Strict):
    """Labels (e.g. nee / deels / ja) each mapped to a score."""

    kind: Literal["ordinal"]
    scale: dict[str, Score] = Field(min_length=1)


class YesNoScoring(Strict):
    kind: Literal["yesno"]
    ja: Score = 10.0
    nee: Score = 0.0


Scoring = Annotated[LinearScoring | BandsScoring | OrdinalScoring | YesNoScoring, Field(discriminator="kind")]


class Norm(Strict):
    """A verdict on the measure: voldoet / voldoet niet. Knock-out caps or fails the parent."""

    at_least: Finite | None = None
    at_most: Finite | None = None
    one_of: list[str] | None = None
    knockout: Literal["none", "cap", "fail"] = "none"
    cap: Score | None = None
    # at_least / at_most as % deviation of the indicator's value from a reference group's statistic
    relative_to: GroupComparison | None = added()

    @model_validator(mode="after")
    def _shape(self) -> Self:
        if self.at_least is None and self.at_most is None and not self.one_of:
            raise ValueError("een norm vraagt om 'at_least', 'at_most' of 'one_of'")
        if self.one_of and (self.at_least is not None or self.at_most is not None):
            raise ValueError("'one_of' gaat niet samen met 'at_least' of 'at_most'")
        if self.one_of and self.relative_to is not None:
            raise ValueError("'relative_to' hoort bij 'at_least' of 'at_most' (een afwijking in %), niet bij 'one_of'")
        if self.knockout == "cap" and self.cap is None:
            raise ValueError("knockout = \"cap\" vraagt om 'cap' (de maximale score van de ouder)")
        return self


class CriterionNorm(Strict):
    """The verdict on a criterion's score (default: the ruleset's pass_mark)."""

    at_least: Score


class FieldDef(Strict):
    """A raw datum the case supplies; `min`/`max` (numbers) and `labels` (labels) say which values are valid."""

    title: str
    unit: str = ""
    type: Literal["number", "label"] = "number"
    scope: Literal["subject", "samenwerking", "partner"] = "subject"
    description: str | None = None
    min: Finite | None = None
    max: Finite | None = None
    labels: list[Annotated[str, Field(min_length=1)]] | None = None
    inventory: InventoryMeasure | None = None  # computed from the case's task inventory (docs/taakinventarisatie.md)
    combine: Combine | None = None  # how the parts' values make the huidige situatie of a voorstel
    combine_weight: Annotated[str, Field(pattern=ID_PATTERN)] | None = None  # weighted_mean: the weighing field

    @model_validator(mode="after")
    def _inventory_and_combine(self) -> Self:
        if self.inventory is not None and (self.type != "number" or self.scope != "subject"):
            raise ValueError(
                "een veld uit de taakinventarisatie ('inventory') is een getal per onderwerp "
                '(type = "number", scope = "subject")'
            )
        if self.inventory is not None and self.combine is not None:
            raise ValueError(
                "een veld uit de taakinventarisatie wordt voor de huidige situatie uit de "
                "inventarisaties zelf berekend; laat 'combine' weg"
            )
        if self.type == "label" and self.combine in ("sum", "mean", "weighted_mean", "zero"):
            raise ValueError(
                f'combine = "{self.combine}" past niet bij een label-veld; '
                'gebruik "lowest", "highest", "same" of "none"'
            )
        if self.type == "label" and self.combine in ("lowest", "highest") and self.labels is None:
            raise ValueError(
                f"combine = \"{self.combine}\" bij een label-veld vraagt om 'labels' (van slecht naar goed)"
            )
        if (self.combine == "weighted_mean") != (self.combine_weight is not None):
            raise ValueError(
                "combine = \"weighted_mean\" en 'combine_weight' (het veld waarmee gewogen wordt) horen samen"
            )
        return self

    @model_validator(mode="after")
    def _valid_range(self) -> Self:
        if self.type == "label" and (self.min is not None or self.max is not None):
            raise ValueError("'min' en 'max' horen bij een getal-veld, niet bij een label-veld")
        if self.type == "number" and self.labels is not None:
            raise ValueError("'labels' hoort bij een label-veld (type = \"label\")")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"'min' ({self.min:g}) ligt boven 'max' ({self.max:g})")
        if self.labels is not None and (not self.labels or len(set(self.labels)) != len(self.labels)):
            raise ValueError("'labels' moet minstens één label bevatten en geen label dubbel")
        return self


class DerivedField(Strict):
    title: str
    unit: str = ""
    formula: str = Field(min_length=1)
    description: str | None = None


class Criterion(Strict):
    title: str
    parent: Identifier | None = None
    weight: Weight = 1.0
    toelichting: str | None = None
    norm: CriterionNorm | None = None
    applies_to: list[Tag] | None = None


class Indicator(Strict):
    title: str
    parent: Identifier
    weight: Weight = 1.0
    unit: str = ""
    formula: str = Field(min_length=1)
    measure: Literal["value", "difference", "relative_difference", "index"] = "value"
    nullijn: Nullijn | None = None
    scoring: Scoring
    norm: Norm | None = None
    toelichting: str = Field(min_length=1)
    applies_to: list[Tag] | None = None


class Signal(Strict):
    """A measurement that is shown but never scored or weighted: no scoring, norm, weight or verdict."""

    title: str
    parent: Identifier
    unit: str = ""
    formula: str = Field(min_length=1)
    measure: Literal["value", "difference", "relative_difference", "index"] = "value"
    nullijn: Nullijn | None = None
    toelichting: str = Field(min_length=1)
    applies_to: list[str] | None = None


class InwonersRange(Strict):
    min: Finite | None = None  # inclusive
    max: Finite | None = None  # inclusive

    @model_validator(mode="after")
    def _range(self) -> Self:
        if self.min is None and self.max is None:
            raise ValueError("geef 'min' en/of 'max'")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"'min' ({self.min:g}) ligt boven 'max' ({self.max:g})")
        return self


class ReferenceGroup(Strict):
    """A selection of comparable gemeenten from the case's reference table; every given filter must hold."""

    title: str
    description: str | None = None
    provinces: list[Annotated[str, Field(min_length=1)]] | None = Field(default=None, min_length=1)
    inwoners: InwonersRange | None = None
    codes: list[GemeenteCode] | None = Field(default=None, min_length=1)
    tags: list[Annotated[str, Field(min_length=1)]] | None = Field(default=None, min_length=1)
    exclude_tags: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=empty_list)
    exclude: dict[GemeenteCode, Annotated[str, Field(min_length=1)]] = Field(default_factory=dict)  # code -> reason
    condition: Formula | None = None  # a formula over [fields] names, per gemeente and year; nonzero = member
    min_members: int = Field(default=5, ge=2, le=1000)


class PeriodRule(Strict):
    """How the yearly totals become one period score and a trend label."""

    score: Literal["mean", "last", "min"] = "mean"
    trend_tolerance: Weight = 0.25


class Ruleset(Strict):
    id: Identifier
    version: str = Field(min_length=1)
    title: str
    authors: list[str] = Field(min_length=1)
    basis: str = Field(min_length=1)
    description: str | None = None
    years: list[int] = Field(min_length=1)
    nullijn: Nullijn | None = None
    missing_data: Literal["error", "reweigh"]
    pass_mark: Score = 5.5
    period: PeriodRule = PeriodRule()
    fields: dict[Identifier, FieldDef] = Field(default_factory=dict)
    derived: dict[Identifier, DerivedField] = Field(default_factory=dict)
    criteria: dict[Identifier, Criterion] = Field(min_length=1)
    indicators: dict[Identifier, Indicator] = Field(min_length=1)
    signals: dict[Identifier, Signal] = added(default_factory=dict)
    reference_groups: dict[Identifier, ReferenceGroup] = added(default_factory=dict)

    @field_validator("years")
    @classmethod
    def _years(cls, years: list[int]) -> list[int]:
        if len(set(years)) != len(years):
            raise ValueError("een jaar staat dubbel in 'years'")
        if not all(limits.year_ok(y) for y in years):
            raise ValueError(f"jaren moeten tussen {limits.MIN_YEAR} en {limits.MAX_YEAR} liggen")
        return sorted(years)

    @field_validator("criteria", "indicators")
    @classmethod
    def _not_too_many(cls, items: dict, info) -> dict:
        limit = limits.MAX_CRITERIA if info.field_name == "criteria" else limits.MAX_INDICATORS
        return too_many(items, limit, "criteria" if info.field_name == "criteria" else "indicatoren")

    @model_validator(mode="after")
    def _not_too_many_fields(self) -> Self:
        if len(self.fields) + len(self.derived) > limits.MAX_FIELDS:
            raise ValueError(
                f"te veel velden en afgeleide velden ({len(self.fields) + len(self.derived)}); "
                f"het maximum is {limits.MAX_FIELDS}"
            )
        return self

    @property
    def root(self) -> str:
        return next(cid for cid, c in self.criteria.items() if c.parent is None)

    def children(self, node_id: str) -> list[str]:
        """Child ids (criteria first, then indicators) in file order."""
        crit = [cid for cid, c in self.criteria.items() if c.parent == node_id]
        ind = [iid for iid, i in self.indicators.items() if i.parent == node_id]
        return crit + ind

    def nullijn_for(self, indicator_id: str) -> Nullijn | None:
        ind = self.indicators[indicator_id] if indicator_id in self.indicators else self.signals[indicator_id]
        return ind.nullijn or self.nullijn

    def base_years(self) -> list[int]:
        """The base years of the nullijnen that indicators measure against (data of those years is read too)."""
        return sorted(
            {
                n.year
                for i, ind in self.indicators.items()
                if ind.measure != "value"
                and (n := self.nullijn_for(i)) is not None
                and n.kind == "base_year"
                and n.year is not None
            }
        )

    def node_title(self, node_id: str) -> str:
        if node_id in self.criteria:
            return self.criteria[node_id].title
        if node_id in self.signals:
            return self.signals[node_id].title
        return self.indicators[node_id].title

    def signals_under(self, node_id: str) -> list[str]:
        """The signals shown under criterion `node_id`, in file order."""
        return [sid for sid, s in self.signals.items() if s.parent == node_id]

    def group_comparisons(self) -> dict[tuple[str, ...], GroupComparison]:
        """Every use of a reference group, keyed by its place: (section, id, "nullijn") or (..., "norm")."""
        out: dict[tuple[str, ...], GroupComparison] = {}
        for section, items in (("indicators", self.indicators), ("signals", self.signals)):
            for nid, item in items.items():
                if item.nullijn is not None and item.nullijn.kind == "reference_group":
                    out[(section, nid, "nullijn")] = item.nullijn.comparison()  # type: ignore[assignment]
                norm = getattr(item, "norm", None)
                if norm is not None and norm.relative_to is not None:
                    out[(section, nid, "norm")] = norm.relative_to
        if self.nullijn is not None and self.nullijn.kind == "reference_group":
            out[("nullijn",)] = self.nullijn.comparison()  # type: ignore[assignment]
        return out
