"""`manage.py monitor_build_facts`: rebuild the monitor's facts (a backfill, or after loading
demo data). Idempotent: a day is replaced, never added to."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from backend.monitor.services.jobs import build_days_with_activity, build_range
from backend.municipality.models import Pourashava


class Command(BaseCommand):
    help = "Rebuild the revenue monitor's facts for a date range or the days with activity."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--pourashava", action="append", help="code; default: all active")
        parser.add_argument("--from", dest="start", help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="last day, YYYY-MM-DD (default: from)")
        parser.add_argument(
            "--days", type=int, default=400, help="without --from: days with activity this far back"
        )

    def handle(self, *args, pourashava=None, start=None, end=None, days=400, **options) -> None:
        places = Pourashava.objects.filter(is_active=True)
        if pourashava:
            places = places.filter(code__in=pourashava)
        ids = list(places.values_list("pk", flat=True))
        if not ids:
            raise CommandError("No such pourashava.")
        if start:
            try:
                first = date.fromisoformat(start)
                last = date.fromisoformat(end) if end else first
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            rows = build_range(ids, first, last)
            self.stdout.write(f"Rebuilt {len(ids)} pourashava(s) {first}..{last}: {rows} rows.")
            return
        built = build_days_with_activity(ids, days=days)
        self.stdout.write(f"Rebuilt {built} pourashava-days with activity.")
