"""Writes of the revenue monitor: facts (facts.py, jobs.py), targets (targets.py) and indicators
(indicators.py)."""
