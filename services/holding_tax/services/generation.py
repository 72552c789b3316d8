"""Raise one quarter's holding-tax demands for a whole pourashava.

Safe to run twice (each demand has a natural key, so a second run raises nothing), resumable
(a run records the last holding done and continues from there), reports progress, and has a
dry run that shows totals by ward and head before anything is written. Holdings are read in
key order in batches, so memory does not grow with the number of holdings. On PostgreSQL, outside
a transaction, SQL_WORKERS batches run side by side on their own connections (the database does
the work, one core each) and commit in key order, each with the run's progress.
"""

import threading
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from backend.identity.audit import record_audit
from backend.identity.models import Citizen, User
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from backend.payments.services.demands import raise_demand
from services.holding_tax.billing import SERVICE_CODE
from services.holding_tax.calculator import quarterly_instalments
from services.holding_tax.models import Assessment, DemandRun, RunStatus
from services.holding_tax.services import generation_sql as bulk_sql
from services.property.models import Ownership

BATCH = 1000  # holdings per transaction on the portable path
SQL_BATCH = 50_000  # holdings per statement on PostgreSQL
SQL_WORKERS = 2  # statements side by side on PostgreSQL (one per core of this deployment)
Progress = Callable[[DemandRun], None]


@dataclass(frozen=True)
class QuarterDemand:
    holding_id: int
    holding_reference: str
    ward_number: int
    citizen: Citizen | None
    lines: dict[str, Decimal]


@dataclass
class DryRunTotals:
    holdings: int = 0
    demands: int = 0  # holdings that owe something this quarter (exempt ones owe nothing)
    holdings_by_ward: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    by_ward_and_head: dict[int, dict[str, Decimal]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(lambda: Decimal("0.00")))
    )

    @property
    def by_head(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
        for heads in self.by_ward_and_head.values():
            for head, amount in heads.items():
                totals[head] += amount
        return dict(totals)


def natural_key(holding_id: int, fiscal_year: FiscalYear, quarter: int) -> str:
    return f"HT:{holding_id}:{fiscal_year.label}:Q{quarter}"


def _assessments(
    pourashava: Pourashava,
    fiscal_year: FiscalYear,
    after_holding_id: int,
    ward_ids: Collection[int] | None = None,
):
    payers = Prefetch(
        "holding__ownerships",
        queryset=Ownership.objects.filter(valid_to__isnull=True)
        .select_related("citizen")
        .order_by("-share", "id"),
        to_attr="current_payers",
    )
    assessments = Assessment.objects.filter(
        pourashava=pourashava,
        superseded=False,
        from_fiscal_year__lte=fiscal_year.label,
        holding_id__gt=after_holding_id,
        holding__status="active",
        holding__pourashava=pourashava,  # so holdings are read by pourashava, not all of them
    )
    if ward_ids is not None:
        assessments = assessments.filter(holding__ward_id__in=ward_ids)
    return (
        assessments.select_related("holding__ward", "holding__pourashava")
        .prefetch_related(payers)
        .order_by("holding_id")
    )


def _citizens_by_mobile(batch: list[Assessment]) -> dict[str, Citizen]:
    """Owners recorded with a mobile but not yet linked to an account (one query a batch)."""
    mobiles = {
        o.mobile
        for a in batch
        for o in a.holding.current_payers
        if o.citizen_id is None and o.mobile
    }
    return {c.mobile: c for c in Citizen.objects.filter(mobile__in=mobiles)} if mobiles else {}


def _payer(owners: list[Ownership], by_mobile: dict[str, Citizen]) -> Citizen | None:
    """The largest owner who has an account pays (the bill goes to their app)."""
    for owner in owners:
        citizen = owner.citizen or by_mobile.get(owner.mobile)
        if citizen is not None:
            return citizen
    return None


def quarter_demands(
    pourashava: Pourashava,
    fiscal_year: FiscalYear,
    quarter: int,
    after_holding_id: int = 0,
    ward_ids: Collection[int] | None = None,
) -> Iterator[list[QuarterDemand]]:
    """Batches of what each assessed holding owes for the quarter, in holding order (only the
    wards `ward_ids` names, when given: a dry run of some wards)."""
    last = after_holding_id
    while True:
        batch = list(_assessments(pourashava, fiscal_year, last, ward_ids)[:BATCH])
        if not batch:
            return
        by_mobile = _citizens_by_mobile(batch)
        demands = []
        for assessment in batch:
            annual = {head: Decimal(amount) for head, amount in assessment.annual_tax.items()}
            lines = {h: a for h, a in quarterly_instalments(annual)[quarter - 1].items() if a > 0}
            payer = _payer(assessment.holding.current_payers, by_mobile)
            demands.append(
                QuarterDemand(
                    holding_id=assessment.holding_id,
                    holding_reference=assessment.holding.reference,
                    ward_number=assessment.holding.ward.number,
                    citizen=payer,
                    lines=lines,
                )
            )
        yield demands
        last = batch[-1].holding_id


def dry_run(
    pourashava: Pourashava,
    fiscal_year: FiscalYear,
    quarter: int,
    ward_ids: Collection[int] | None = None,
) -> DryRunTotals:
    """What the quarter would raise, by ward and head; nothing is written."""
    totals = DryRunTotals()
    for batch in quarter_demands(pourashava, fiscal_year, quarter, ward_ids=ward_ids):
        for demand in batch:
            totals.holdings += 1
            totals.holdings_by_ward[demand.ward_number] += 1
            totals.demands += 1 if demand.lines else 0
            for head, amount in demand.lines.items():
                totals.by_ward_and_head[demand.ward_number][head] += amount
    return totals


def start_run(
    *, pourashava: Pourashava, fiscal_year: FiscalYear, quarter: int, actor: User
) -> DemandRun:
    """The run for this quarter: a new one, or the unfinished one to resume."""
    run, _ = DemandRun.objects.get_or_create(
        pourashava=pourashava,
        fiscal_year=fiscal_year.label,
        quarter=quarter,
        defaults={
            "started_by": actor,
            "holdings_total": _assessments(pourashava, fiscal_year, 0).count(),
        },
    )
    return run


def execute_run(
    run: DemandRun, progress: Progress | None = None, stop_after: int | None = None
) -> DemandRun:
    """Raise the run's demands from where it stopped. `stop_after` (batches) lets tests and
    operators stop it partway; running it again finishes the job."""
    run.status = RunStatus.RUNNING
    if connection.vendor == "postgresql":
        batches = _sql_batches(run, stop_after)
    else:
        batches = _python_batches(run)
    # Each batch arrives committed with the run's progress: a generator must never be left
    # suspended inside its transaction, or returning early (stop_after) would roll it back.
    for done, _ in enumerate(batches, start=1):
        if progress:
            progress(run)
        if stop_after is not None and done >= stop_after:
            return run
    run.status = RunStatus.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])
    record_audit(
        actor=run.started_by,
        action="holding_tax.demands_raised",
        obj=run,
        pourashava=run.pourashava_id,
        after={
            "quarter": f"{run.fiscal_year} Q{run.quarter}",
            "holdings": run.holdings_done,
            "demands": run.demands_raised,
        },
    )
    return run


Batch = tuple[int, int, int]  # (last holding id, holdings, demands raised)
PROGRESS_FIELDS = ["holdings_done", "demands_raised", "last_holding_id", "status"]


def _advance(run: DemandRun, batch: Batch) -> None:
    """The run's progress after `batch`, in memory."""
    run.last_holding_id, holdings, raised = batch
    run.holdings_done += holdings
    run.demands_raised += raised


def _record(run: DemandRun, batch: Batch) -> Batch:
    """Save the run's progress after `batch`, in the batch's transaction."""
    _advance(run, batch)
    run.save(update_fields=PROGRESS_FIELDS)
    return batch


def _python_batches(run: DemandRun) -> Iterator[Batch]:
    """Portable path (SQLite): one demand at a time through the payment layer."""
    fiscal_year = FiscalYear.parse(run.fiscal_year)
    due_date = fiscal_year.quarter_bounds(run.quarter)[1]
    for batch in quarter_demands(run.pourashava, fiscal_year, run.quarter, run.last_holding_id):
        with transaction.atomic():
            raised = 0
            for demand in batch:
                if not demand.lines:
                    continue
                raise_demand(
                    pourashava=run.pourashava,
                    service_code=SERVICE_CODE,
                    natural_key=natural_key(demand.holding_id, fiscal_year, run.quarter),
                    lines=demand.lines,
                    due_date=due_date,
                    fiscal_year=fiscal_year.label,
                    citizen=demand.citizen,
                    object_type="holding",
                    object_id=demand.holding_id,
                    object_label=demand.holding_reference,
                    quarter=run.quarter,
                )
                raised += 1
            done = _record(run, (batch[-1].holding_id, len(batch), raised))
        yield done


def _sql_batches(run: DemandRun, stop_after: int | None) -> Iterator[Batch]:
    """PostgreSQL path: each batch is one set-based statement (see bulk_sql). Inside a
    transaction (tests, or a caller's own atomic block) the batches run one by one on this
    connection; otherwise up to SQL_WORKERS at a time, never past `stop_after`."""
    fiscal_year = FiscalYear.parse(run.fiscal_year)
    width = 1 if connection.in_atomic_block else SQL_WORKERS
    after, left = run.last_holding_id, stop_after
    while left is None or left > 0:
        wanted = width if left is None else min(width, left)
        ranges = bulk_sql.next_batches(run.pourashava, fiscal_year, after, SQL_BATCH, wanted)
        if not ranges:
            return
        if len(ranges) == 1:
            with transaction.atomic():
                upto, holdings = ranges[0]
                done = _record(run, (upto, holdings, _raise(run, fiscal_year, after, upto)))
            yield done
        else:
            yield from _side_by_side(run, fiscal_year, after, ranges)
        if len(ranges) < wanted or ranges[-1][1] < SQL_BATCH:
            return  # that was the last holding: no need to ask again (most towns: one batch)
        after = ranges[-1][0]
        left = None if left is None else left - len(ranges)


def _raise(run: DemandRun, fiscal_year: FiscalYear, after: int, upto: int) -> int:
    return bulk_sql.raise_batch(
        pourashava=run.pourashava,
        fiscal_year=fiscal_year,
        quarter=run.quarter,
        after=after,
        upto=upto,
    ).demands


def _side_by_side(
    run: DemandRun, fiscal_year: FiscalYear, after: int, ranges: list[tuple[int, int]]
) -> Iterator[Batch]:
    """Raise consecutive batches at once, one thread and connection each. Each commits only
    after the one before it has, together with the run's progress, so an interrupted run
    leaves a prefix done and recorded, as the one-by-one path does."""
    starts = [after] + [upto for upto, _ in ranges[:-1]]
    committed = [threading.Event() for _ in ranges]
    failed = threading.Event()

    def work(index: int) -> int:
        upto, holdings = ranges[index]
        try:
            with transaction.atomic():
                raised = _raise(run, fiscal_year, starts[index], upto)
                if index:
                    committed[index - 1].wait()
                if failed.is_set():
                    raise RuntimeError("an earlier batch failed; this one is rolled back")
                DemandRun.objects.filter(pk=run.pk).update(
                    holdings_done=F("holdings_done") + holdings,
                    demands_raised=F("demands_raised") + raised,
                    last_holding_id=upto,
                    status=RunStatus.RUNNING,
                )
            return raised
        except BaseException:
            failed.set()
            raise
        finally:
            committed[index].set()
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=len(ranges)) as pool:
        raised = list(pool.map(work, range(len(ranges))))
    for (upto, holdings), count in zip(ranges, raised, strict=True):
        _advance(run, (upto, holdings, count))  # saved by its thread, above
        yield upto, holdings, count
