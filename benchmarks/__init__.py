"""Performance measurements (run: .venv/bin/python -m benchmarks.run; see docs/prestaties.md)."""
