"""The bundled examples: where they are, and which files `criteria voorbeeld MAP` copies where.

A wheel carries the repository's rulesets/ and cases/ as criteria/voorbeelden/ (copied by setup.py at build
time); a git checkout (editable install) has them beside the package. Both keep the layout of the repository,
so a case's `ruleset = "../../rulesets/..."` points at its ruleset wherever the folders are copied to. The CBS
reference data is package data (criteria/data/); the copy in MAP/referentie/ is for people to read, the loader
reads the package's own copy.
"""

from __future__ import annotations

from pathlib import Path

from criteria.errors import CriteriaError

FOLDERS = ("rulesets", "cases")
REFERENCE = "referentie"
DEFAULT_RULESET = Path("rulesets") / "heemstede-2020.toml"
DEFAULT_CASE = Path("cases") / "heemstede-bloemendaal"
PACKAGE = Path(__file__).resolve().parents[1]


def examples_root() -> Path | None:
    """The folder that holds rulesets/ and cases/: the installed copy, else the checkout the package runs from."""
    installed = PACKAGE / "voorbeelden"
    checkout = PACKAGE.parent
    if all((installed / name).is_dir() for name in FOLDERS):
        return installed
    if (checkout / "pyproject.toml").is_file() and all((checkout / name).is_dir() for name in FOLDERS):
        return checkout
    return None


def _files(folder: Path) -> list[Path]:
    """Every file below folder, relative to it, in a stable order; hidden files and caches left out."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
            found.append(relative)
    return found


def missing_examples() -> CriteriaError:
    return CriteriaError(
        f"de meegeleverde voorbeelden (rulesets/ en cases/) ontbreken in deze installatie van "
        f"criteria ({PACKAGE}); installeer criteria opnieuw"
    )


def example_files() -> dict[Path, Path]:
    """Where each bundled file goes, relative to MAP -> the file to copy."""
    root = examples_root()
    if root is None:
        raise missing_examples()
    plan = {name / relative: root / name / relative for name in map(Path, FOLDERS) for relative in _files(root / name)}
    data = PACKAGE / "data"
    plan.update({REFERENCE / relative: data / relative for relative in _files(data)})
    return plan


def bundled_ruleset() -> Path:
    """The ruleset `criteria init case` uses when none is given and the current folder has none."""
    root = examples_root()
    if root is None or not (root / DEFAULT_RULESET).is_file():
        raise missing_examples()
    return root / DEFAULT_RULESET
