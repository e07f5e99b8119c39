"""Ruleset self-tests (`rulesets/<name>.tests.toml` or `.tests.csv`): given values, expected outcomes.

One test is one subject in one year: the field values of that year, the values of the nullijn year where a
measure compares with it, the subject's tags (for applies_to), and per node (indicator, criterion or the
total) the expected score and/or verdict, with a tolerance.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from criteria.model.ruleset import Finite, Identifier, Score, Strict, Tag

Verdict = Literal["voldoet", "voldoet niet", "geen norm", "onvoldoende gegevens", "niet van toepassing"]
Tolerance = Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)]
Values = dict[Identifier, Finite | str]


class Expectation(Strict):
    """What one node should give: a score (within the tolerance) and/or a verdict."""

    score: Score | None = None
    verdict: Verdict | None = None
    tolerance: Tolerance | None = None

    @model_validator(mode="after")
    def _something(self) -> "Expectation":
        if self.score is None and self.verdict is None:
            raise ValueError("een verwachting vraagt om 'score' en/of 'verdict'")
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
    expect: dict[Identifier, Expectation] = Field(min_length=1)


class SelfTestFile(Strict):
    """rulesets/<name>.tests.toml"""

    ruleset: Identifier | None = None  # the id of the ruleset these tests are for (checked when given)
    tolerance: Tolerance = 0.05
    test: list[SelfTest] = Field(min_length=1)
