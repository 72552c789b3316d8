"""The pieces every benchmark stands on: database, server, load generator, results."""

from benchmarks.harness.context import Context, Options
from benchmarks.harness.results import Result

__all__ = ["Context", "Options", "Result"]
