"""Proposed samenwerkingen (voorstel): the huidige situatie from the current subjects, and the comparison."""
