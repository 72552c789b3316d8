"""The holding-tax JSON API, one module per resource."""
