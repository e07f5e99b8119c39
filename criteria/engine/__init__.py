"""The engine: pure functions from a compiled ruleset and a case to columns, and the breakdown of one subject-year.

The names below are imported on first use, so that a module that needs only a part of the engine (number
formatting from criteria.engine.scoring, for a report of the archive) does not import all of it, with networkx.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from criteria.engine.breakdown import node_result
    from criteria.engine.columns import Evaluation, evaluate

_HOME = {"Evaluation": "columns", "evaluate": "columns", "node_result": "breakdown"}
__all__ = ["Evaluation", "evaluate", "node_result"]


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module 'criteria.engine' has no attribute {name!r}")
    from importlib import import_module

    value = globals()[name] = getattr(import_module(f"criteria.engine.{_HOME[name]}"), name)
    return value
