"""Ruleset self-tests (`rulesets/<name>.tests.toml` or `.tests.csv`): given values, expected outcomes.

One test is one subject in one year: the field values of that year, the values of the nullijn year where a
measure compares with it, the subject's tags (for applies_to), and per node (indicator, criterion or the
total) the expected score and/or verdict, with a tolerance; for an indicator or signal also its value, measure
and nullijn. A test of a reference group carries a small reference table (`reference`, in the test year) and
the subject's own gemeente code (`code`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from criteria.model.ruleset import Finite, GemeenteCode, Identifier, Score, Strict, Tag

Verdict = Literal["voldoet", "voldoet niet", "geen norm", "onvoldoende gegevens", "niet van toepassing", "signaal"]
Amount = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Tolerance = Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)]
Values = dict[Identifier, Finite | str]


class Expectation(Strict):
    """What one node should give: a score (within the tolerance) and/or a verdict; for an indicator or signal
    also its value, measure and nullijn (each within `value_tolerance`, in the unit of the value)."""

    score: Score | None = None
    verdict: Verdict | None = None
    tolerance: Tolerance | None = None
    value: Finite | None = None
    measure: Finite | None = None
    nullijn: Finite | None = None
    value_tolerance: Amount | None = None  # default: `tolerance`

    @model_validator(mode="after")
    def _something(self) -> Expectation:
        if all(getattr(self, k) is None for k in ("score", "verdict", "value", "measure", "nullijn")):
            raise ValueError("een verwachting vraagt om 'score', 'verdict', 'value', 'measure' en/of 'nullijn'")
        return self


class SelfTest(Strict):
    name: str = Field(min_length=1)
    description: str | None = None
    year: int | None = None  # default: the ruleset's first year
    tags: list[Tag] = Field(default_factory=list)
    values: Values = Field(default_factory=dict)  # the test year (fields of any scope except partner)
    nullijn: Values = Field(default_factory=dict)  # the nullijn (base) year
    partners: dict[Identifier, dict[Identifier, Finite]] = Field(default_factory=dict)  # both years
    nullijn_partners: dict[Identifier, dict[Identifier, Finite]] = Field(default_factory=dict)  # base year only
    tolerance: Tolerance | None = None
    code: GemeenteCode | None = None  # the test subject's gemeente code (left out of its reference group)
    reference: dict[GemeenteCode, dict[Identifier, Finite | str]] = Field(default_factory=dict)  # code -> values
    expect: dict[Identifier, Expectation] = Field(min_length=1)


class SelfTestFile(Strict):
    """rulesets/<name>.tests.toml"""

    ruleset: Identifier | None = None  # the id of the ruleset these tests are for (checked when given)
    tolerance: Tolerance = 0.05
    reference: dict[GemeenteCode, dict[Identifier, Finite | str]] = Field(default_factory=dict)  # for every test
    test: list[SelfTest] = Field(min_length=1)
