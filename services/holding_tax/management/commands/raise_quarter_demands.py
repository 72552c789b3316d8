"""Raise (or dry-run) one quarter's holding-tax demands for a pourashava, as the panel's
"Raise a quarter's demands" page does: idempotent, and resumes a run that stopped."""

from django.core.management.base import BaseCommand, CommandError

from backend.identity.models import User
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from services.holding_tax.services import generation, quarter_runs


class Command(BaseCommand):
    help = (
        "Raise a quarter's holding-tax demands for one pourashava (a task on the workers, or "
        "in-process without a broker). A quarter already raised is left as it is; a stopped "
        "run resumes. --dry-run prints what would be raised by ward and head."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--pourashava", required=True, help="pourashava code, e.g. NAT")
        parser.add_argument("--fiscal-year", required=True, help="e.g. 2026-27")
        parser.add_argument("--quarter", required=True, type=int, choices=[1, 2, 3, 4])
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--actor", help="username recorded as starting the run")

    def handle(self, *args, **options) -> None:
        pourashava = Pourashava.objects.filter(code=options["pourashava"].upper()).first()
        if pourashava is None:
            raise CommandError(f"no pourashava with code {options['pourashava']!r}")
        try:
            fiscal_year = FiscalYear.parse(options["fiscal_year"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        quarter = options["quarter"]
        label = f"{pourashava.code} {fiscal_year.label} Q{quarter}"
        if options["dry_run"]:
            totals = generation.dry_run(pourashava, fiscal_year, quarter)
            self.stdout.write(
                f"Dry run {label}: {totals.holdings} holdings, {totals.demands} demands"
            )
            for ward, heads in sorted(totals.by_ward_and_head.items()):
                lines = ", ".join(f"{head} {amount}" for head, amount in sorted(heads.items()))
                self.stdout.write(f"  ward {ward}: {lines}")
            total = sum(totals.by_head.values())
            self.stdout.write(f"  total: {total}")
            return
        actor = None
        if options["actor"]:
            actor = User.objects.filter(username=options["actor"]).first()
            if actor is None:
                raise CommandError(f"no user {options['actor']!r}")
        run, sent = quarter_runs.start_quarter(
            pourashava=pourashava, fiscal_year=fiscal_year, quarter=quarter, actor=actor
        )
        run.refresh_from_db()
        what = "sent to a worker" if sent else "already raised or being raised: nothing started"
        self.stdout.write(
            f"Run {run.pk} {label}: {what}; status {run.status}, "
            f"{run.holdings_done}/{run.holdings_total} holdings, {run.demands_raised} demands"
        )
