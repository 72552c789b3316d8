"""A stand-in app's demo module for the load_demo_data discovery tests."""

CALLS: list[str] = []


def load(out) -> None:
    CALLS.append("alpha")
    out("alpha loaded")
