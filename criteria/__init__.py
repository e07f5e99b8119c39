"""criteria: a criteria scoring engine for evaluating ambtelijke samenwerking."""

from criteria import dataclass_code as _dataclass_code

__version__ = "0.1.0"

_dataclass_code.install()  # @dataclass reads its methods' compiled code from a store (criteria/dataclass_code.py)
