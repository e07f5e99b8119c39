"""Pydantic validation errors translated to Dutch, located by key path."""

from __future__ import annotations

import difflib
from collections.abc import Callable

from pydantic import ValidationError

from criteria.errors import Problem
from criteria.load.toml_source import TomlSource, key_path_text


def _expected(ctx: dict) -> str:
    return str(ctx.get("expected", "")).replace(" or ", " of ").replace("'", "\"")


def dutch_message(error: dict) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    simple = {
        "missing": "verplichte sleutel ontbreekt",
        "extra_forbidden": "onbekende sleutel",
        "string_type": "hier hoort tekst (tussen aanhalingstekens)",
        "int_type": "hier hoort een geheel getal",
        "int_parsing": "hier hoort een geheel getal",
        "int_from_float": "hier hoort een geheel getal, geen decimaal getal",
        "float_type": "hier hoort een getal",
        "float_parsing": "hier hoort een getal",
        "finite_number": "het getal moet eindig zijn (geen inf of nan)",
        "bool_type": "hier hoort true of false",
        "bool_parsing": "hier hoort true of false",
        "dict_type": "hier hoort een tabel",
        "model_type": "hier hoort een tabel",
        "model_attributes_type": "hier hoort een tabel",
        "list_type": "hier hoort een lijst [..]",
        "union_tag_not_found": "'kind' ontbreekt",
    }
    if kind in simple:
        return simple[kind]
    if kind == "literal_error":
        return f"ongeldige waarde; toegestaan: {_expected(ctx)}"
    if kind == "union_tag_invalid":
        return f"onbekende soort '{ctx.get('tag')}'; toegestaan: {_expected(ctx)}"
    if kind == "greater_than_equal":
        return f"de waarde moet minstens {ctx.get('ge')} zijn"
    if kind == "greater_than":
        return f"de waarde moet groter zijn dan {ctx.get('gt')}"
    if kind == "less_than_equal":
        return f"de waarde mag hoogstens {ctx.get('le')} zijn"
    if kind == "string_pattern_mismatch":
        return "ongeldige naam: alleen letters, cijfers en _ (niet beginnend met een cijfer)"
    if kind in ("too_short", "string_too_short"):
        return "mag niet leeg zijn"
    if kind in ("too_long", "string_too_long"):
        return "is te lang"
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    return f"ongeldige waarde ({error.get('msg', kind)})"


def _clean_loc(loc: tuple) -> tuple:
    # Discriminated unions add the tag to the location: ('scoring', 'linear', 'goed') -> ('scoring', 'goed')
    out: list = []
    for i, part in enumerate(loc):
        if i > 0 and loc[i - 1] == "scoring" and part in ("linear", "bands", "ordinal", "yesno"):
            continue
        out.append(part)
    return tuple(out)


def problems_from_validation(err: ValidationError, source: TomlSource,
                             allowed_for: Callable[[tuple], list[str]] | None = None,
                             prefix: tuple = ()) -> list[Problem]:
    problems = []
    for error in err.errors():
        loc = prefix + _clean_loc(tuple(error["loc"]))
        suggestion = None
        if error["type"] == "extra_forbidden" and allowed_for is not None:
            options = allowed_for(loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), options, n=2, cutoff=0.6)
            if close:
                suggestion = "bedoelde u " + " of ".join(f"'{c}'" for c in close) + "?"
        problems.append(Problem(source.path, key_path_text(loc), dutch_message(error),
                                suggestion=suggestion, line=source.line_of(loc)))
    return problems
