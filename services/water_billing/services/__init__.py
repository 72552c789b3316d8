"""Water billing writes: one module per use case."""
