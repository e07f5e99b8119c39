"""Build step that pyproject.toml cannot express: the bundled examples go into the wheel.

The repository keeps its example rulesets and cases at the top (rulesets/, cases/), where git users, the tests and
the docs expect them. A wheel carries them as criteria/voorbeelden/rulesets/ and criteria/voorbeelden/cases/
(same layout, so a case's `ruleset = "../../rulesets/..."` still points at its ruleset), copied from the source
tree at build time: there is no second copy in the repository. `criteria voorbeeld MAP` copies them out again
(criteria/authoring/examples.py). An editable install gets no copy: criteria then finds the checkout's folders.
The sdist carries the folders through MANIFEST.in.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SOURCE = Path(__file__).resolve().parent
BUNDLED = ("rulesets", "cases")  # top-level folders, copied whole (hidden files and caches left out)
TARGET = ("criteria", "voorbeelden")


def bundled_files(root: Path) -> list[Path]:
    """Every file of the bundled folders, relative to root, in a stable order."""
    found = []
    for name in BUNDLED:
        folder = root / name
        if not folder.is_dir():
            raise SystemExit(f"build: folder {folder} is missing; an sdist must carry it (MANIFEST.in)")
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
                found.append(relative)
    return found


class BuildPyWithExamples(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib, *TARGET)
        if target.exists():  # a build folder left from an earlier build must not keep a removed example
            shutil.rmtree(target)
        for relative in bundled_files(SOURCE):
            destination = target / relative
            self.mkpath(str(destination.parent))
            self.copy_file(str(SOURCE / relative), str(destination), preserve_mode=False)


setup(cmdclass={"build_py": BuildPyWithExamples})
