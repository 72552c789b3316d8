"""`manage.py import_trade_fees NAT fees.csv [--demo]`: a pourashava's fee schedule from CSV,
all rows or none (gaps and overlaps between slabs are refused). The same import as
POST /api/v1/staff/trade-fee-schedules/ (services/fee_import.py documents the columns)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backend.common.errors import AppError
from backend.municipality.models import Pourashava
from services.trade_license.services.fee_import import import_fee_schedule


class Command(BaseCommand):
    help = "Import a pourashava's trade-licence fee schedule from a CSV file (all or nothing)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("pourashava", help="Pourashava code, e.g. NAT")
        parser.add_argument("csv", type=Path)
        parser.add_argument("--demo", action="store_true", help="Mark the rows as demo values.")

    def handle(self, *args, **options) -> None:
        pourashava = Pourashava.objects.filter(code=options["pourashava"].upper()).first()
        if pourashava is None:
            raise CommandError(f"no pourashava {options['pourashava']}")
        try:
            written = import_fee_schedule(
                pourashava=pourashava,
                text=options["csv"].read_text(encoding="utf-8-sig"),
                actor=None,
                is_demo=options["demo"],
            )
        except AppError as error:
            raise CommandError(error.render_message("en")) from error
        self.stdout.write(f"{written} fee slab(s) imported for {pourashava.code}.")
