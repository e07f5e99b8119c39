"""Where the archive lives: --archief PATH, else $CRITERIA_ARCHIEF, else the user's data folder (XDG)."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "CRITERIA_ARCHIEF"
FILE_NAME = "archief.sqlite"


def archive_path(explicit: Path | None = None, environ: dict[str, str] | None = None) -> Path:
    """The archive file to use: the explicit path, $CRITERIA_ARCHIEF, $XDG_DATA_HOME/criteria/archief.sqlite,
    or ~/.local/share/criteria/archief.sqlite, in that order."""
    env = os.environ if environ is None else environ
    if explicit is not None:
        return explicit.expanduser()
    if env.get(ENV_VAR):
        return Path(env[ENV_VAR]).expanduser()
    data_home = Path(env["XDG_DATA_HOME"]) if env.get("XDG_DATA_HOME") else Path.home() / ".local" / "share"
    return data_home / "criteria" / FILE_NAME
