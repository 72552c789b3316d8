"""A demo module whose own import fails: the command must say so, not skip it."""

import tests.backend.municipality.demo_apps.no_such_module  # noqa: F401


def load(out) -> None:  # pragma: no cover
    out("never")
