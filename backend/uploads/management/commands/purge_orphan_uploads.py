"""Remove stored upload files that have no Upload row (see backend.uploads.orphans)."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from backend.uploads.orphans import purge_orphan_files


class Command(BaseCommand):
    help = "Delete files under uploads/ that no Upload row points at (default: a day old)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--older-than-hours", type=int, default=24)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, older_than_hours: int, dry_run: bool, **options) -> None:
        names = purge_orphan_files(older_than=timedelta(hours=older_than_hours), dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        for name in names:
            self.stdout.write(f"{verb} {name}")
        self.stdout.write(f"{verb} {len(names)} orphan file(s).")
