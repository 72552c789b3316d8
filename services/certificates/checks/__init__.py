"""Checks on a certificate application's input, run before anything is written."""
