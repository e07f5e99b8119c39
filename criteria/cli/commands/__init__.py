"""One module per CLI command; importing a module registers its command on criteria.cli.app.app.

These modules do not use `from __future__ import annotations`: typer reads the annotations of every command's
parameters on every start, and as strings each of them would first have to be evaluated (about 20 ms).
"""
