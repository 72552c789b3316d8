"""`manage.py load_demo_data`: every installed app's demo data, in INSTALLED_APPS order.

An app takes part by having a `demo` module with `load(out) -> None`, where `out(line)` prints
one line. Each `load` is idempotent, so the whole command is safe to run again; each app's load
runs in its own transaction, so a failing app leaves nothing half-written behind it.
"""

import importlib
import importlib.util
import time
from collections.abc import Callable, Iterable

from django.apps import AppConfig, apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class LineWriter:
    """The `out` given to every `load(out)`: call it with one line. It also has `write(text)`,
    so a demo module written against a stream (out.write("...\\n")) works the same."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def __call__(self, line: str) -> None:
        self._stream.write(str(line))

    def write(self, text: str) -> None:
        for line in str(text).rstrip("\n").split("\n"):
            self._stream.write(line)


def demo_loaders(app_configs: Iterable[AppConfig]) -> list[tuple[str, Callable]]:
    """(app name, load function) for every app with a `demo` module, in the given order."""
    loaders = []
    for config in app_configs:
        module_name = f"{config.name}.demo"
        # find_spec, not try/except ImportError: an import error inside a demo module is a bug
        # to report, not a sign that the app has no demo data.
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        load = getattr(module, "load", None)
        if not callable(load):
            raise CommandError(f"{module_name} has no load(out) function.")
        loaders.append((config.name, load))
    return loaders


class Command(BaseCommand):
    help = "Load the pilot pourashavas' demo data (every app's demo.load), safe to run again."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--app",
            action="append",
            dest="only",
            metavar="APP",
            help="Load only this app (its label or module name); may be repeated.",
        )

    def handle(self, *args, only: list[str] | None = None, **options) -> None:
        configs = list(apps.get_app_configs())
        if only:
            wanted = set(only)
            unknown = wanted - {c.label for c in configs} - {c.name for c in configs}
            if unknown:
                raise CommandError(f"Unknown app(s): {', '.join(sorted(unknown))}")
            configs = [c for c in configs if c.label in wanted or c.name in wanted]

        out = LineWriter(self.stdout)
        started = time.monotonic()
        done: list[str] = []
        for name, load in demo_loaders(configs):
            self.stdout.write(self.style.MIGRATE_HEADING(f"{name}.demo"))
            try:
                with transaction.atomic():
                    load(out)
            except Exception as error:
                raise CommandError(f"{name}.demo failed: {error}") from error
            done.append(name)
        elapsed = time.monotonic() - started
        if not done:
            self.stdout.write("No app has demo data to load.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded from {len(done)} app(s) in {elapsed:.1f} s: {', '.join(done)}."
            )
        )
