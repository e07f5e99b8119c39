"""Dutch texts for what the CLI library prints itself: usage errors, the usage line, the help option.

The vendored click in typer formats these messages in English with f-strings (no translation
catalogue), so they are translated here: usage errors by pattern, help texts by a small patch.
"""

from __future__ import annotations

import re

USAGE_PATTERNS = [
    (r"^Missing option (.+)\.$", r"Optie \1 ontbreekt."),
    (r"^Missing argument (.+)\.$", r"Argument \1 ontbreekt."),
    (r"^Missing parameter: (.+)$", r"Parameter '\1' ontbreekt."),
    (r"^No such option: (\S+)", r"Onbekende optie: \1"),
    (r"Did you mean (.+)\?", r"Bedoelde u \1?"),
    (r"\(Possible options: (.+)\)", r"(mogelijke opties: \1)"),
    (r"^Invalid value for (.+?): ", r"Ongeldige waarde voor \1: "),
    (r"Value error, ", ""),
    (r"(\S+) is not one of (.+)\.$", r"\1 is niet een van \2."),
    (r"Input should be a valid integer, unable to parse string as an integer", "dit is geen geheel getal"),
    (r"Input should be a valid number, unable to parse string as a number", "dit is geen getal"),
    (r"Input should be greater than or equal to (\S+)", r"de waarde moet minstens \1 zijn"),
    (r"Input should be greater than (\S+)", r"de waarde moet groter zijn dan \1"),
    (r"Input should be less than or equal to (\S+)", r"de waarde mag hoogstens \1 zijn"),
    (r"Input should be less than (\S+)", r"de waarde moet kleiner zijn dan \1"),
    (r"Input should be a finite number", "het getal moet eindig zijn (geen nan of inf)"),
    (r"(.+) is not a valid integer\.", r"\1 is geen geheel getal."),
    (r"^Got unexpected extra arguments?(?:\(s\))? \((.+)\)", r"Onverwacht extra argument (\1)"),
    (r"^No such command (.+?)\.", r"Onbekend commando \1."),
    (r"^Missing command\.$", "Er ontbreekt een commando."),
    (r"^Option (.+) requires an argument\.$", r"Optie \1 vraagt om een waarde."),
]


def dutch_usage_message(message: str) -> str:
    for pattern, replacement in USAGE_PATTERNS:
        message = re.sub(pattern, replacement, message, flags=re.MULTILINE)
    return message


def patch_help_texts() -> None:
    """'Gebruik:' instead of 'Usage:' and a Dutch text for --help (only needed when help is shown)."""
    try:
        from typer._click import core, formatting
    except ImportError:  # pragma: no cover - another typer keeps its English texts
        return
    if getattr(formatting.HelpFormatter.write_usage, "_dutch", False):
        return
    original_write_usage = formatting.HelpFormatter.write_usage
    original_help_option = core.Command.get_help_option

    def write_usage(self, prog, args="", prefix=None):
        return original_write_usage(self, prog, args, "Gebruik: " if prefix is None else prefix)

    def get_help_option(self, ctx):
        option = original_help_option(self, ctx)
        if option is not None:
            option.help = "Toon deze hulp en stop."
        return option

    write_usage._dutch = True  # type: ignore[attr-defined]
    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]  # on purpose: Dutch texts (tests/test_typer_internals.py)
    core.Command.get_help_option = get_help_option  # type: ignore[method-assign]  # on purpose: Dutch texts (tests/test_typer_internals.py)
    _patch_parameter_texts()


TYPE_LABELS = {
    "<path>": "<pad>",
    "<str>": "<tekst>",
    "<int>": "<geheel getal>",
    "<float>": "<getal>",
    "<bool>": "",
    "<list[path]>": "<pad>...",
}


def _patch_parameter_texts() -> None:
    """Dutch type labels in the help (<pad>, <tekst>; none for on/off flags) and a plain usage line."""
    from typer import core as typer_core

    original_display_type = typer_core._TyperParameter.display_type

    def display_type(self, ctx):
        label = original_display_type(self, ctx)
        return TYPE_LABELS.get(label, label)

    def usage_display_name(self):
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 else "")

    typer_core._TyperParameter.display_type = display_type  # type: ignore[method-assign]  # on purpose: Dutch texts (tests/test_typer_internals.py)
    typer_core.TyperArgument._usage_display_name = usage_display_name  # type: ignore[method-assign]  # on purpose: Dutch texts (tests/test_typer_internals.py)
