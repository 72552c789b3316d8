"""The SQL floor: a minimal Django view that runs a recorded list of SQL statements (the very
statements an API endpoint ran, captured in the benchmark process) and answers their rows as
JSON. Mounted only by this package's settings (a first middleware answering /_floor/sql/...),
which the benchmark server and the benchmark process use; production never includes it."""
