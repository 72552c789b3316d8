"""The monthly run per pourashava and month: a dry run by ward, then the run itself, started
from the panel or by beat and worked by a Celery task.

Idempotent: one bill per connection and month (a unique key) and one demand per bill (its
natural key), so a second run, or a second delivery of the task, raises nothing. Resumable: the
run records the last connection done and continues from there. Metered connections left
unread get an estimated reading first (the average of their last three real months). On
PostgreSQL the estimates are one statement and each batch two (run_sql.py); elsewhere the same
figures come from calculator.py connection by connection. Once the run is done its "bill
issued" SMS are queued (tasks.bill_issued_sms, after the commit)."""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from django.db import connection as db
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from backend.common.errors import AppError
from backend.identity.audit import record_audit
from backend.identity.models import User
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava, Ward
from backend.payments.services.demands import raise_demand
from services.water_billing import errors
from services.water_billing.calculator import (
    BillFigures,
    days_active,
    days_in_month,
    flat_bill,
    metered_bill,
)
from services.water_billing.heads import BILL_OBJECT, SERVICE_CODE, SEWERAGE, WATER_BILL
from services.water_billing.models import (
    Bill,
    BillingRun,
    Connection,
    ConnectionStatus,
    Reading,
    RunStatus,
)
from services.water_billing.periods import due_date, label, month_of
from services.water_billing.services import run_sql
from services.water_billing.services.readings import make_estimate
from services.water_billing.services.tariffs import tariff_for_connection, terms_of
from services.water_billing.settings_rows import settings_for

logger = logging.getLogger(__name__)

BATCH = 500  # connections per transaction on the portable path
SQL_BATCH = 100_000  # connections per statement on PostgreSQL
STALE_AFTER = timedelta(minutes=15)


def natural_key(connection_id: int, period: date) -> str:
    return f"WB:{connection_id}:{label(period)}"


def _month_end(period: date) -> date:
    return period.replace(day=days_in_month(period))


def billable(pourashava_id: int, period: date):
    """Connections on during some of the month (the SQL path's condition, in the ORM)."""
    month_end = _month_end(period)
    return Connection.objects.filter(
        pourashava_id=pourashava_id, connected_on__lte=month_end
    ).filter(
        (Q(disconnected_on__isnull=True) | Q(disconnected_on__gt=period))
        & (Q(closed_on__isnull=True) | Q(closed_on__gt=period))
    )


def figures_for(
    connection: Connection, period: date, reading: Reading | None
) -> BillFigures | None:
    """The connection's bill for the month, or None (no tariff in effect, or metered and unread)."""
    tariff = tariff_for_connection(connection, period)
    if tariff is None:
        return None
    terms = terms_of(tariff)
    if connection.is_metered:
        if reading is None:
            return None
        return metered_bill(terms, reading.consumption_kl)
    end = min(d for d in (connection.disconnected_on, connection.closed_on, date.max) if d)
    days = days_active(period, connection.connected_on, None if end == date.max else end)
    if days <= 0:
        return None  # not on during the month
    return flat_bill(terms, connection.extra_flats, days, days_in_month(period))


# --- dry run -----------------------------------------------------------------------------


@dataclass
class DryRun:
    bills: int = 0
    total: Decimal = Decimal("0.00")
    by_ward: dict[int, dict] = field(default_factory=dict)  # ward number -> bills, total, metered
    unread: int = 0  # metered connections that would be estimated


def dry_run(*, pourashava: Pourashava, period: date) -> DryRun:
    """What the run would raise now, by ward; nothing is written."""
    result = DryRun(unread=_unread(pourashava.pk, period).count())
    wards = dict(Ward.objects.filter(pourashava=pourashava).values_list("pk", "number"))
    rows: dict[int, list] = defaultdict(lambda: [0, Decimal("0.00"), 0])
    if db.vendor == "postgresql":
        for ward_id, bills, total, metered in run_sql.dry_run(
            pourashava_id=pourashava.pk, period=period
        ):
            rows[ward_id] = [bills, Decimal(total), metered]
    else:
        billed = Bill.objects.filter(connection=OuterRef("pk"), period=period)
        for connection in billable(pourashava.pk, period).exclude(Exists(billed)).iterator():
            reading = Reading.objects.filter(connection=connection, period=period).first()
            figures = figures_for(connection, period, reading)
            if figures is None:
                continue
            row = rows[connection.ward_id]
            row[0] += 1
            row[1] += figures.total
            row[2] += int(connection.is_metered)
    for ward_id, (bills, total, metered) in sorted(rows.items(), key=lambda r: wards.get(r[0], 0)):
        result.by_ward[wards.get(ward_id, 0)] = {"bills": bills, "total": total, "metered": metered}
        result.bills += bills
        result.total += total
    return result


# --- starting and working a run ----------------------------------------------------------


def _unread(pourashava_id: int, period: date):
    read = Reading.objects.filter(connection=OuterRef("pk"), period=period)
    return (
        billable(pourashava_id, period)
        .filter(is_metered=True, status=ConnectionStatus.ACTIVE)
        .exclude(Exists(read))
    )


def is_stopped(run: BillingRun) -> bool:
    if run.status == RunStatus.DONE:
        return False
    if run.status == RunStatus.FAILED:
        return True
    seen = run.worker_seen_at or (run.started_at if run.status == RunStatus.PENDING else None)
    return seen is None or seen < timezone.now() - STALE_AFTER


def start_run(
    *, pourashava: Pourashava, period: date, actor: User | None, request=None
) -> tuple[BillingRun, bool]:
    """The month's run, and whether a worker was sent to it (a new run, or one that stopped).
    Starting a run that is done or being worked changes nothing. `actor` None: beat."""
    period = month_of(period)
    if period >= month_of(timezone.localdate()):
        raise AppError("run_period_in_future", errors.RUN_FUTURE, params={"period": label(period)})
    with transaction.atomic():
        run, created = BillingRun.objects.get_or_create(
            pourashava=pourashava,
            period=period,
            defaults={
                "started_by": actor,
                "connections_total": billable(pourashava.pk, period).count(),
            },
        )
        if not created:
            run = BillingRun.objects.select_for_update().get(pk=run.pk)
            if not is_stopped(run):
                return run, False
            run.status = RunStatus.PENDING
            run.started_at = timezone.now()
            run.save(update_fields=["status", "started_at"])
        record_audit(
            actor=actor,
            action="water_billing.run_started" if created else "water_billing.run_resumed",
            obj=run,
            pourashava=pourashava,
            after={"period": label(period), "by": actor.username if actor else "beat schedule"},
            request=request,
        )
        run_id = run.pk

        def dispatch() -> None:
            from services.water_billing.tasks import work_billing_run

            work_billing_run.delay(run_id)

        transaction.on_commit(dispatch, robust=True)
    run.refresh_from_db()
    return run, True


def _claim(run_id: int) -> BillingRun | None:
    with transaction.atomic():
        run = BillingRun.objects.select_for_update().select_related("pourashava").get(pk=run_id)
        alive = run.status == RunStatus.RUNNING and not is_stopped(run)
        if run.status == RunStatus.DONE or alive:
            return None
        run.status, run.error, run.worker_seen_at = RunStatus.RUNNING, "", timezone.now()
        run.save(update_fields=["status", "error", "worker_seen_at"])
    return run


def work_run(*, run_id: int, stop_after: int | None = None) -> BillingRun | None:
    """Work the run to its end (or `stop_after` batches); None when another worker has it or it
    is done. A failure is recorded on the run for a clerk to resume."""
    run = _claim(run_id)
    if run is None:
        return None
    try:
        return execute_run(run, stop_after=stop_after)
    except Exception as error:
        logger.exception("water billing run %s failed", run_id)
        BillingRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        run.refresh_from_db()
        return run
    finally:
        BillingRun.objects.filter(pk=run_id).update(worker_seen_at=None)


def estimate_unread(run: BillingRun) -> int:
    if db.vendor == "postgresql":
        with transaction.atomic():
            return run_sql.make_estimates(
                pourashava_id=run.pourashava_id,
                period=run.period,
                today=timezone.localdate(),
                now=timezone.now(),
            )
    made = 0
    for connection in _unread(run.pourashava_id, run.period).iterator():
        with transaction.atomic():
            make_estimate(connection, run.period)
        made += 1
    return made


def execute_run(run: BillingRun, *, stop_after: int | None = None) -> BillingRun:
    settings = settings_for(run.pourashava_id)
    due = due_date(run.period, settings)
    issue = timezone.localdate()
    if run.last_connection_id == 0:
        made = estimate_unread(run)
        BillingRun.objects.filter(pk=run.pk).update(estimates_made=made)
    batches = 0
    work = _sql_batch if db.vendor == "postgresql" else _portable_batch
    while stop_after is None or batches < stop_after:
        size = SQL_BATCH if db.vendor == "postgresql" else BATCH
        upcoming = (
            run_sql.next_batches(
                pourashava_id=run.pourashava_id, after=run.last_connection_id, size=size
            )
            if db.vendor == "postgresql"
            else _next_ids(run, size)
        )
        if not upcoming:
            break
        ((upto, count),) = upcoming[:1]
        with transaction.atomic():
            raised = work(run, run.last_connection_id, upto, issue, due)
            BillingRun.objects.filter(pk=run.pk).update(
                last_connection_id=upto,
                connections_done=run.connections_done + count,
                bills_raised=run.bills_raised + raised,
                worker_seen_at=timezone.now(),
            )
        run.refresh_from_db()
        batches += 1
    else:
        return run
    with transaction.atomic():
        BillingRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            finished_at=timezone.now(),
            connections_done=run.connections_total,
        )
        # The "bill issued" SMS go out from their own task once the run is recorded done (a
        # resumed or repeated run queues it again; it sends nothing twice: bill_sms.py).
        transaction.on_commit(partial(queue_bill_sms, run.pk), robust=True)
    run.refresh_from_db()
    return run


def queue_bill_sms(run_id: int) -> None:
    from services.water_billing.tasks import bill_issued_sms

    bill_issued_sms.delay(run_id)


def _next_ids(run: BillingRun, size: int) -> list[tuple[int, int]]:
    ids = list(
        Connection.objects.filter(pourashava_id=run.pourashava_id, pk__gt=run.last_connection_id)
        .order_by("pk")
        .values_list("pk", flat=True)[:size]
    )
    return [(ids[-1], len(ids))] if ids else []


def _sql_batch(run: BillingRun, after: int, upto: int, issue: date, due: date) -> int:
    with db.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")  # compiling costs seconds here and saves nothing
    bills = run_sql.insert_bills(
        pourashava_id=run.pourashava_id,
        period=run.period,
        run_id=run.pk,
        after=after,
        upto=upto,
        issue=issue,
        due=due,
    )
    run_sql.raise_demands(pourashava_id=run.pourashava_id, period=run.period, due=due)
    return bills


def _portable_batch(run: BillingRun, after: int, upto: int, issue: date, due: date) -> int:
    connections = (
        billable(run.pourashava_id, run.period)
        .filter(pk__gt=after, pk__lte=upto)
        .select_related("citizen")
        .order_by("pk")
    )
    readings = {
        r.connection_id: r
        for r in Reading.objects.filter(connection__in=connections, period=run.period)
    }
    billed = set(
        Bill.objects.filter(connection__in=connections, period=run.period).values_list(
            "connection_id", flat=True
        )
    )
    raised = 0
    for connection in connections:
        if connection.pk in billed:
            bill = Bill.objects.get(connection=connection, period=run.period)
        else:
            figures = figures_for(connection, run.period, readings.get(connection.pk))
            if figures is None:
                continue
            bill = save_bill(
                connection,
                run.period,
                figures,
                readings.get(connection.pk),
                run=run,
                issue=issue,
                due=due,
            )
            raised += 1
        raise_bill_demand(bill, connection)
    return raised


def save_bill(
    connection: Connection,
    period: date,
    figures: BillFigures,
    reading: Reading | None,
    *,
    run: BillingRun | None,
    issue: date,
    due: date,
    final: bool = False,
) -> Bill:
    month_days = days_in_month(period)
    end = min(d for d in (connection.disconnected_on, connection.closed_on, date.max) if d)
    days = (
        month_days
        if connection.is_metered
        else days_active(period, connection.connected_on, None if end == date.max else end)
    )
    return Bill.objects.create(
        pourashava_id=connection.pourashava_id,
        connection=connection,
        run=run,
        period=period,
        citizen_id=connection.citizen_id,
        consumption_kl=reading.consumption_kl if (connection.is_metered and reading) else None,
        estimated=bool(reading and reading.status == "estimated"),
        days_billed=days,
        days_in_month=month_days,
        water_charge=figures.water_charge,
        sewerage=figures.sewerage,
        roundoff=figures.roundoff,
        total=figures.total,
        lines=[{"code": line.code, "amount": str(line.amount)} for line in figures.lines],
        issue_date=issue,
        due_date=due,
        is_final=final,
    )


def raise_bill_demand(bill: Bill, connection: Connection) -> None:
    lines = {WATER_BILL: bill.water_charge + bill.roundoff}
    if bill.sewerage:
        lines[SEWERAGE] = bill.sewerage
    if all(amount <= 0 for amount in lines.values()):
        return
    raise_demand(
        pourashava=connection.pourashava,
        service_code=SERVICE_CODE,
        natural_key=natural_key(connection.pk, bill.period),
        lines={k: v for k, v in lines.items() if v > 0},
        due_date=bill.due_date,
        fiscal_year=FiscalYear.of(bill.period).label,
        month=bill.period.month,
        citizen=connection.citizen,
        object_type=BILL_OBJECT,
        object_id=bill.pk,
        object_label=connection.number,
    )


def start_last_month_everywhere(*, day: date | None = None) -> list[int]:
    """Beat, on the 8th: last month's run for every active pourashava (one task each)."""
    from services.water_billing.tasks import start_month_for

    day = day or timezone.localdate()
    period = month_of(day.replace(day=1) - timedelta(days=1))
    ids = list(
        Pourashava.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)
    )
    for pourashava_id in ids:
        start_month_for.delay(pourashava_id, label(period))
    return ids
