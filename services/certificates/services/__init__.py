"""Certificate writes, one module per use case: applying, fees, issuing, correcting, bulk actions,
notices, the type catalogue."""
