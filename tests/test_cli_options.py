"""Every numeric option of every command has an allowed range (issue 11, class 13: `gevoeligheid --seed -1` was an
internal error). An out-of-range, non-finite or absurdly long number is a Dutch usage error with exit 2, before
any work starts."""

from __future__ import annotations

import pytest
from conftest import CASE, run_cli

# The least a command needs besides the option under test; a command that gains a numeric option is added here.
MINIMAL_ARGS = {
    ("explain",): [str(CASE), "-s", "HH", "-j", "2019"],
    ("gevoeligheid",): [str(CASE), "-n", "10"],
    ("test",): ["rulesets/heemstede-2020.toml"],
    ("evaluate",): [str(CASE), "--format", "json"],
}


def numeric_options() -> list[tuple[tuple[str, ...], object]]:
    from typer.main import get_command

    from criteria.cli.registry import every_command

    def walk(cmd, path=()):
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                yield from walk(sub, path + (name,))
        else:
            yield path, cmd

    found = []
    for path, cmd in walk(get_command(every_command())):
        for param in cmd.params:
            if param.type_descriptor.annotation in (int, float):
                found.append((path, param))
    return found


OPTIONS = numeric_options()


def test_every_numeric_option_has_a_range_and_every_command_with_one_is_exercised_here() -> None:
    assert OPTIONS, "no numeric options found: the walk over the commands is broken"
    for path, param in OPTIONS:
        assert param.min is not None and param.max is not None, f"criteria {' '.join(path)} {param.opts}: geen bereik"
        assert path in MINIMAL_ARGS, f"add criteria {' '.join(path)} to MINIMAL_ARGS"


def bad_values(param) -> list[str]:
    values = [str(param.min - 1), str(param.max + 1), "9" * 5000]
    if param.type_descriptor.annotation is float:
        values += ["nan", "inf", "-inf"]
    return values


@pytest.mark.parametrize("path,param", OPTIONS, ids=[f"{' '.join(p)} {q.opts[0]}" for p, q in OPTIONS])
def test_an_out_of_range_number_is_a_dutch_usage_error(path, param) -> None:
    for value in bad_values(param):
        args = [*path, *MINIMAL_ARGS[path]]
        option = param.opts[0]
        if option in args:  # replace the option's value given in MINIMAL_ARGS
            args[args.index(option) + 1] = value
        elif len(param.opts) > 1 and param.opts[1] in args:
            args[args.index(param.opts[1]) + 1] = value
        else:
            args += [option, value]
        done = run_cli(*args)
        shown = f"{args}: exit {done.returncode}\n{done.stderr[-800:]}"
        assert done.returncode == 2, shown
        assert "Traceback" not in done.stderr and "Interne fout" not in done.stderr, shown
        assert "Ongeldige waarde voor" in done.stderr, shown
