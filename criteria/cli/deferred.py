"""Modules of libraries that a run of `criteria` imports only when something in them is used.

- pydantic imports `pydantic.plugin._loader` when it builds its first schema (a model, or a TypeAdapter of
  typer's), and that module imports importlib.metadata at its top (with email, zipfile, ...: some 40 ms of
  processor time), although it uses it only to search the installed packages for plugins. The `criteria` command
  switches that search off (PYDANTIC_DISABLE_PLUGINS=__all__ unless the user set the variable:
  criteria/cli/__init__.py), so for a run of criteria the import buys nothing. The loader is imported as it is,
  with a stand-in for importlib.metadata that imports the real module the first time the loader asks it anything:
  a user who enables plugins gets pydantic's own search, unchanged.
- rich reads its table of emoji names (rich._emoji_codes, 3,600 entries, ~3 ms) whenever it renders text with
  emoji codes switched on, as typer's help screens do, although a help text names no emoji. The table stands in
  until a name is looked up, then the real one is read: the same text comes out.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator, Mapping

LOADER = "pydantic.plugin._loader"
METADATA = "importlib.metadata"
EMOJI_CODES = "rich._emoji_codes"


class _Deferred(types.ModuleType):
    """Stands for a module in sys.modules; the first attribute asked imports the real module (see `_real`)."""

    def __getattr__(self, name: str):
        if name.startswith("__"):  # what the import machinery asks a module (__spec__, __path__): a plain answer
            raise AttributeError(name)
        return getattr(self._real(), name)

    def _real(self) -> types.ModuleType:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        if self.__name__ == LOADER:
            return _import_loader()
        return _import(self.__name__)


def _import(name: str) -> types.ModuleType:
    """The module, imported by the import statement's own path (which `python -X importtime` reports)."""
    __import__(name)
    return sys.modules[name]


def _import_loader() -> types.ModuleType:
    """pydantic's plugin loader, imported with importlib.metadata standing in (unless that is imported already)."""
    if LOADER in sys.modules:
        return sys.modules[LOADER]
    stand_in = None
    if METADATA not in sys.modules:
        stand_in = sys.modules[METADATA] = _Deferred(METADATA)
    try:
        return _import(LOADER)
    finally:
        if stand_in is not None and sys.modules.get(METADATA) is stand_in:
            del sys.modules[METADATA]


def defer_plugin_metadata() -> None:
    """Let pydantic's plugin loader (imported when pydantic builds its first schema, if ever) come without
    importlib.metadata. Imports nothing now: `criteria --help` does not import pydantic."""
    if LOADER not in sys.modules:
        sys.modules[LOADER] = _Deferred(LOADER)


class _Emoji(Mapping):
    """rich's emoji table (rich._emoji_codes.EMOJI), read when a name is first looked up."""

    def __init__(self, stand_in: types.ModuleType) -> None:
        self._stand_in = stand_in

    def _real(self) -> Mapping[str, str]:
        if sys.modules.get(EMOJI_CODES) is self._stand_in:
            del sys.modules[EMOJI_CODES]
        return _import(EMOJI_CODES).EMOJI

    def __getitem__(self, name: str) -> str:
        return self._real()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._real())

    def __len__(self) -> int:
        return len(self._real())


def defer_emoji_table() -> None:
    """Let rich read its emoji table only when a text names an emoji (see the module text)."""
    if EMOJI_CODES not in sys.modules:
        stand_in = types.ModuleType(EMOJI_CODES)
        stand_in.EMOJI = _Emoji(stand_in)  # type: ignore[attr-defined]
        sys.modules[EMOJI_CODES] = stand_in
