"""Headless Chromium for the HTML report: the screenshot in docs/ and the browser tests use the same command.

    python -m criteria.report.documents.screenshot [CASUS] [--output docs/rapport-voorbeeld.png]

renders the report of CASUS (default: the bundled case) to a temporary HTML file and saves a screenshot of
its first screen. Needs `chromium` (Debian: apt-get install chromium).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)
REPO = Path(__file__).resolve().parents[3]  # criteria/report/documents/ -> the repository


def find_chromium() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def chromium_command(binary: str, user_data_dir: Path, *args: str) -> list[str]:
    """The headless command line: no network of its own, no profile outside `user_data_dir`."""
    return [binary, *HEADLESS_FLAGS, f"--user-data-dir={user_data_dir}", *args]


def run_chromium(binary: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="criteria-chromium-", ignore_cleanup_errors=True) as profile:
        return subprocess.run(
            chromium_command(binary, Path(profile), *args), capture_output=True, text=True, timeout=timeout, check=False
        )


def screenshot(binary: str, html: Path, png: Path, width: int = 1100, height: int = 1900, attempts: int = 3) -> None:
    """The first screen of the page as a PNG: title page and summary.

    Headless Chromium's `--screenshot` now and then never exits on a busy machine: each attempt gets a time
    limit and a fresh profile, and only the last failure is reported.
    """
    problem = ""
    for _ in range(attempts):
        try:
            result = run_chromium(
                binary, f"--window-size={width},{height}", f"--screenshot={png.resolve()}", html.resolve().as_uri()
            )
        except subprocess.TimeoutExpired:
            problem = "chromium reageerde niet binnen de tijdslimiet"
            continue
        if result.returncode == 0 and png.exists():
            return
        problem = result.stderr[-2000:]
    raise RuntimeError(f"chromium maakte geen schermafdruk:\n{problem}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m criteria.report.documents.screenshot",
        description="Schermafdruk van het HTML-rapport voor de documentatie.",
    )
    parser.add_argument("case", nargs="?", type=Path, default=REPO / "cases" / "heemstede-bloemendaal")
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "rapport-voorbeeld.png")
    parser.add_argument("--breedte", type=int, default=1100)
    parser.add_argument("--hoogte", type=int, default=1900)
    args = parser.parse_args(argv)
    binary = find_chromium()
    if binary is None:
        print("Chromium niet gevonden; installeer het pakket 'chromium'.", file=sys.stderr)
        return 2
    from criteria.pipeline.run import run
    from criteria.report.documents.build import render_report
    from criteria.report.documents.findings import findings

    with tempfile.TemporaryDirectory(prefix="criteria-rapport-") as folder:
        html = Path(folder) / "rapport.html"
        done = run(args.case)
        html.write_bytes(render_report(done.result, "html", findings=findings(done.result)))
        try:
            screenshot(binary, html, args.output, args.breedte, args.hoogte)
        except RuntimeError as err:
            print(err, file=sys.stderr)
            return 1
    print(f"Schermafdruk geschreven: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
