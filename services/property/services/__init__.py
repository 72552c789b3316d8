"""Writes to the holdings register, one module per use case: the register itself (holdings),
applications through the workflow, merging, attachments."""
