"""The result of a run, as a view over the evaluation's columns (pure; no I/O).

`ResultView` (view.py) holds the Evaluation plus what the run adds (meta, corrections) and answers what every
consumer asks: the subjects with their scope, marks per subject-year, the period and trends (all subjects at
once, period.py), and the breakdown of ONE subject-year on demand (criteria.engine.breakdown.node_result).
Each voorstel beside its huidige situatie: compare.py. Machine output: format1.py (the JSON with a full tree per
subject-year; the only place that builds every subject-year's breakdown at once).
"""
