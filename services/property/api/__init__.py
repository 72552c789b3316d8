"""The holdings register's JSON API, one module per resource."""
