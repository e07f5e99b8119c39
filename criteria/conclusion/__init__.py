"""The conclusion a reader sees first: computed from the numbers, one source for every output (issue 14).

criteria.conclusion.compute builds it from the engine's columns (pure); criteria.conclusion.text says it in
plain Dutch. See docs/rekenregels.md, "De conclusie".
"""
