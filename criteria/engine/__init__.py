"""The engine: pure functions from a compiled ruleset and a case to columns and a result."""

from criteria.engine.breakdown import build_result, node_result
from criteria.engine.columns import Evaluation, evaluate

__all__ = ["Evaluation", "build_result", "evaluate", "node_result"]
