"""Pydantic validation errors translated to Dutch, located by key path."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from criteria.errors import Problem
from criteria.load.toml_source import Located, key_path_text


def _expected(ctx: dict) -> str:
    return str(ctx.get("expected", "")).replace(" or ", " of ").replace("'", '"')


def _number(value: object) -> str:
    """10.0 -> "10", 0.5 -> "0.5" (a bound as the user wrote it)."""
    return format(value, "g") if isinstance(value, (int, float)) else str(value)


TYPE_ERRORS = (
    "string_type",
    "int_type",
    "float_type",
    "bool_type",
    "dict_type",
    "model_type",
    "model_attributes_type",
    "list_type",
    "int_parsing",
    "float_parsing",
    "bool_parsing",
)


def found_text(value: object) -> str:
    """What the file holds instead, in words: 'true/false', 'tekst ("5")', 'een datum (2020-01-01)'."""
    import datetime

    if isinstance(value, bool):
        return f"geen {'true' if value else 'false'} (waar/onwaar)"
    if isinstance(value, (datetime.date, datetime.time)):
        return f"geen datum of tijd ({value.isoformat()})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:40] + "…"
        return f'geen tekst ("{shown}")'
    if isinstance(value, float):
        return f"geen decimaal getal ({value:g})"
    if isinstance(value, int):
        return "geen geheel getal"
    if isinstance(value, list):
        return "geen lijst"
    if isinstance(value, dict):
        return "geen tabel"
    return ""


def dutch_message(error: Mapping[str, Any]) -> str:
    message = _message(error)
    if error["type"] in TYPE_ERRORS and "input" in error:
        found = found_text(error["input"])
        if found and found.removeprefix("geen ") not in message:
            message += f", {found}"
    return message


def _message(error: Mapping[str, Any]) -> str:
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
        allowed = str(ctx.get("expected_tags", "")).replace("'", '"')
        return f"onbekende soort '{ctx.get('tag')}'; toegestaan: {allowed}"
    if kind == "greater_than_equal":
        return f"de waarde moet minstens {_number(ctx.get('ge'))} zijn"
    if kind == "greater_than":
        return f"de waarde moet groter zijn dan {_number(ctx.get('gt'))}"
    if kind == "less_than_equal":
        return f"de waarde mag hoogstens {_number(ctx.get('le'))} zijn"
    if kind == "string_pattern_mismatch":
        return "ongeldige naam: alleen letters, cijfers en _ (niet beginnend met een cijfer)" + _odd_name(error)
    if kind in ("too_short", "string_too_short"):
        return "mag niet leeg zijn"
    if kind in ("too_long", "string_too_long"):
        return "is te lang"
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    if kind == "lookalike_names":
        return str(ctx.get("message"))
    return f"ongeldige waarde ({error.get('msg', kind)})"


def _odd_name(error: Mapping[str, Any]) -> str:
    """Which character of a refused name is the problem: an invisible or foreign one, or else the first one that
    is not a letter, digit or _ (a name is checked as a key and as a value)."""
    from criteria.model.identifiers import describe

    name = error.get("input")
    if not isinstance(name, str):
        return ""
    odd = describe(name)
    if odd:
        return f"; '{name}' bevat {odd}"
    for position, ch in enumerate(name, start=1):
        if not (ch.isascii() and (ch.isalnum() or ch == "_")) or (position == 1 and ch.isdigit()):
            return f"; teken '{ch}' op positie {position} mag niet"
    return ""


def _clean_loc(loc: tuple) -> tuple:
    # Discriminated unions add the tag to the location: ('scoring', 'linear', 'goed') -> ('scoring', 'goed')
    out: list = []
    for i, part in enumerate(loc):
        if i > 0 and loc[i - 1] == "scoring" and part in ("linear", "bands", "ordinal", "yesno"):
            continue
        if part == "[key]":  # pydantic's marker for an error in a table's key (the key itself comes before it)
            continue
        out.append(part)
    return tuple(out)


def fix_for(error: Mapping[str, Any], loc: tuple) -> str | None:
    """A suggested fix for the common kinds of mistakes."""
    kind = error["type"]
    key = str(loc[-1]) if loc else ""
    if kind == "missing":
        return f"voeg '{key} = …' toe" if key else None
    if kind == "extra_forbidden":
        return f"verwijder '{key}' of controleer de spelling"
    if kind in ("string_type",):
        return 'zet de waarde tussen aanhalingstekens, bijvoorbeeld "tekst"'
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing", "int_from_float"):
        return "schrijf een getal zonder aanhalingstekens, met een punt als decimaalteken (bijvoorbeeld 4.8)"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than"):
        return "kies een waarde binnen het toegestane bereik"
    if kind == "string_pattern_mismatch":
        if _odd_name(error):
            return "typ de naam opnieuw, met alleen gewone letters (a-z, A-Z), cijfers en _"
        return "bijvoorbeeld ziekteverzuim of kosten_per_inwoner"
    if kind in ("literal_error", "union_tag_invalid"):
        return "kies een van de toegestane waarden"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "schrijf een tabel: [naam] met sleutels eronder, of { sleutel = waarde }"
    if kind == "list_type":
        return 'schrijf een lijst, bijvoorbeeld ["a", "b"]'
    if kind in ("bool_type", "bool_parsing"):
        return "schrijf true of false, zonder aanhalingstekens"
    if kind in ("too_short", "string_too_short"):
        return "vul een waarde in"
    if kind == "union_tag_not_found":
        return 'voeg kind = "linear", "bands", "ordinal" of "yesno" toe'
    if kind == "value_error" and " U+" in str(error.get("msg", "")):
        return "typ de tekst opnieuw, zonder onzichtbare tekens en met letters uit het gewone (Latijnse) alfabet"
    if kind == "lookalike_names":
        return "geef elk een duidelijk andere naam, of gebruik overal één schrijfwijze"
    if kind == "value_error":
        return "zie docs/formaat-toetsingskader.md voor de toegestane combinaties"
    return None


def _union_member(part: object) -> bool:
    """A location part that names a member of a union type (pydantic's 'str', 'function-after[…]'), not a key."""
    return isinstance(part, str) and (part in ("str", "float", "int", "bool", "none") or "[" in part)


def merged_errors(err: ValidationError) -> list[dict]:
    """pydantic's errors, with the errors of one value against every member of a union type (a number or a text)
    merged into one: 'hier hoort een getal of tekst, geen true'."""
    out: list[dict] = []
    by_loc: dict[tuple, dict] = {}
    for error in err.errors():
        loc = tuple(error["loc"])
        if not (loc and _union_member(loc[-1])):
            out.append(dict(error))
            continue
        base = loc[:-1]
        first = by_loc.get(base)
        if first is None:
            by_loc[base] = {**error, "loc": base}
            out.append(by_loc[base])
        elif error["type"] in TYPE_ERRORS and first["type"] in TYPE_ERRORS:
            first["wanted"] = first.get("wanted", [_message(first)]) + [_message(error)]
    return out


def union_message(error: dict) -> str:
    """'hier hoort een getal' + 'hier hoort tekst (…)' -> 'hier hoort een getal of tekst (…)', with what was found."""
    parts = [w.removeprefix("hier hoort ") for w in error["wanted"]]
    found = found_text(error.get("input"))
    return "hier hoort " + " of ".join(parts) + (f", {found}" if found else "")


def problems_from_validation(
    err: ValidationError, source: Located, allowed_for: Callable[[tuple], list[str]] | None = None, prefix: tuple = ()
) -> list[Problem]:
    problems = []
    for error in merged_errors(err):
        loc = (
            prefix
            + _clean_loc(tuple(error["loc"]))
            + ((error["ctx"]["key"],) if error["type"] == "lookalike_names" else ())
        )
        suggestion = None
        if error["type"] == "extra_forbidden" and allowed_for is not None:
            options = allowed_for(loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), options, n=2, cutoff=0.6)
            if close:
                suggestion = "bedoelde u " + " of ".join(f"'{c}'" for c in close) + "?"
        file, line = source.where(loc)
        message = union_message(error) if "wanted" in error else dutch_message(error)
        problems.append(
            Problem(file, key_path_text(loc), message, suggestion=suggestion or fix_for(error, loc), line=line)
        )
    return problems
