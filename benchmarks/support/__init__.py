"""Synthetic data sets and floors the benchmarks use (never imported by the apps)."""
