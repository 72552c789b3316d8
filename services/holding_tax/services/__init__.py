"""Holding-tax writes, one module per use case: assessment, the quarter's demand generation
(generation, generation_sql) and its run as a background job (quarter_runs), the general
reassessment (reassessment), what those jobs share (jobs), reviews (objections), clearance
certificates, claims."""
