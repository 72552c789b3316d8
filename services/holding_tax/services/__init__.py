"""Holding-tax writes, one module per use case: assessment, the quarter's demand generation,
reviews (objections), clearance certificates, claims."""
