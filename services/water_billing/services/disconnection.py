"""Disconnection for arrears (a written notice at least `notice_days` before, then execution),
reconnection once the arrears and the reconnection fee are paid, and closure on the
consumer's own request with a final bill."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from backend.common.errors import AppError, Conflict
from backend.common.money import ZERO, money
from backend.identity.audit import record_audit
from backend.identity.models import User
from backend.payments.models import OPEN_DEMAND_STATUSES, DemandLine, DemandStatus
from backend.payments.services import raise_demand
from services.water_billing import errors
from services.water_billing.heads import BILL_OBJECT, RECONNECTION_FEE, SERVICE_CODE
from services.water_billing.models import (
    Bill,
    Connection,
    ConnectionStatus,
    DisconnectionNotice,
    FeeCode,
    NoticeStatus,
)
from services.water_billing.periods import due_date, month_of
from services.water_billing.services.tariffs import fee_amount
from services.water_billing.settings_rows import settings_for


def arrears(connection: Connection, *, overdue_on: date | None = None) -> object:
    """What the connection's water bills owe past their due dates (or all unpaid when
    `overdue_on` is None and a date is not given: overdue as of today)."""
    day = overdue_on or timezone.localdate()
    lines = DemandLine.objects.filter(
        demand__service_code=SERVICE_CODE,
        demand__object_type=BILL_OBJECT,
        demand__object_label=connection.number,
        demand__pourashava_id=connection.pourashava_id,
        demand__status__in=OPEN_DEMAND_STATUSES,
        demand__due_date__lt=day,
    ).values_list("amount", "amount_paid")
    return sum((a - p for a, p in lines), ZERO)


def _state_error(notice: DisconnectionNotice) -> Conflict:
    return Conflict(
        "notice_state", errors.NOTICE_STATE, params={"state": notice.get_status_display()}
    )


@transaction.atomic
def issue_notice(*, connection: Connection, actor: User, request=None) -> DisconnectionNotice:
    connection = Connection.objects.select_for_update().get(pk=connection.pk)
    if connection.status != ConnectionStatus.ACTIVE:
        raise Conflict(
            "connection_not_active", errors.NOT_ACTIVE, params={"number": connection.number}
        )
    owed = arrears(connection)
    if owed <= ZERO:
        raise Conflict("no_arrears", errors.NO_ARREARS, params={"number": connection.number})
    open_notice = connection.notices.filter(status=NoticeStatus.ISSUED).first()
    if open_notice is not None:
        return open_notice
    today = timezone.localdate()
    notice = DisconnectionNotice.objects.create(
        pourashava_id=connection.pourashava_id,
        connection=connection,
        arrears_at_notice=money(owed),
        issued_on=today,
        expires_on=today + timedelta(days=settings_for(connection.pourashava_id).notice_days),
        issued_by=actor,
    )
    record_audit(
        actor=actor,
        action="water_billing.notice_issued",
        obj=notice,
        after={"arrears": str(owed)},
        request=request,
    )
    _notify(connection, "notice", notice=notice)
    return notice


@transaction.atomic
def execute_notice(
    *, notice: DisconnectionNotice, actor: User, request=None
) -> DisconnectionNotice:
    notice = (
        DisconnectionNotice.objects.select_for_update()
        .select_related("connection")
        .get(pk=notice.pk)
    )
    if notice.status != NoticeStatus.ISSUED:
        raise _state_error(notice)
    today = timezone.localdate()
    if today < notice.expires_on:
        raise Conflict(
            "notice_running", errors.NOTICE_RUNNING, params={"day": notice.expires_on.isoformat()}
        )
    connection = Connection.objects.select_for_update().get(pk=notice.connection_id)
    if arrears(connection) <= ZERO:
        notice.status = NoticeStatus.WITHDRAWN
        notice.save(update_fields=["status"])
        raise Conflict("arrears_paid", errors.ARREARS_PAID)
    notice.status, notice.executed_on = NoticeStatus.EXECUTED, today
    notice.reconnection_demand = raise_demand(
        pourashava=connection.pourashava,
        service_code=SERVICE_CODE,
        natural_key=f"WR:{notice.pk}",
        lines={
            RECONNECTION_FEE: fee_amount(
                pourashava_id=connection.pourashava_id,
                code=FeeCode.RECONNECTION,
                diameter=connection.diameter,
                day=today,
            )
        },
        due_date=today + timedelta(days=30),
        citizen=connection.citizen,
        object_type="water_reconnection",
        object_id=notice.pk,
        object_label=connection.number,
        actor=actor,
    )
    notice.save(update_fields=["status", "executed_on", "reconnection_demand"])
    connection.status, connection.disconnected_on = ConnectionStatus.DISCONNECTED, today
    connection.save(update_fields=["status", "disconnected_on"])
    record_audit(
        actor=actor,
        action="water_billing.disconnected",
        obj=connection,
        after={"notice": notice.pk},
        request=request,
    )
    return notice


@transaction.atomic
def reconnect(*, notice: DisconnectionNotice, actor: User, request=None) -> Connection:
    notice = (
        # of=("self",): the demand is a nullable join, which PostgreSQL cannot lock.
        DisconnectionNotice.objects.select_for_update(of=("self",))
        .select_related("reconnection_demand")
        .get(pk=notice.pk)
    )
    if notice.status != NoticeStatus.EXECUTED:
        raise _state_error(notice)
    connection = Connection.objects.select_for_update().get(pk=notice.connection_id)
    fee_paid = (
        notice.reconnection_demand is None or notice.reconnection_demand.status == DemandStatus.PAID
    )
    if not fee_paid or arrears(connection, overdue_on=date.max) > ZERO:
        raise AppError("reconnection_unpaid", errors.RECONNECT_UNPAID, status_code=409)
    today = timezone.localdate()
    notice.status, notice.reconnected_on = NoticeStatus.RECONNECTED, today
    notice.save(update_fields=["status", "reconnected_on"])
    connection.status, connection.disconnected_on = ConnectionStatus.ACTIVE, None
    connection.connected_on = max(connection.connected_on, today)
    connection.save(update_fields=["status", "disconnected_on", "connected_on"])
    record_audit(actor=actor, action="water_billing.reconnected", obj=connection, request=request)
    _notify(connection, "reconnected")
    return connection


@transaction.atomic
def close_connection(
    *, connection: Connection, actor: User, final_reading=None, request=None
) -> Bill | None:
    """Close on the consumer's request: a final reading (metered), then a final bill for the
    days of this month, then closure."""
    from services.water_billing.services.readings import ReadingInput, record_reading
    from services.water_billing.services.run import figures_for, raise_bill_demand, save_bill

    connection = Connection.objects.select_for_update().get(pk=connection.pk)
    if connection.status != ConnectionStatus.ACTIVE:
        raise Conflict(
            "connection_not_open", errors.CONNECTION_OPEN, params={"number": connection.number}
        )
    today = timezone.localdate()
    period = month_of(today)
    reading = None
    if connection.is_metered and final_reading is not None:
        reading, _ = record_reading(
            connection=connection,
            data=ReadingInput(
                connection=connection.number,
                period=period,
                reading_date=today,
                reading=final_reading,
            ),
            actor=actor,
            source="office",
        )
    connection.status, connection.closed_on = ConnectionStatus.CLOSED, today + timedelta(days=1)
    connection.save(update_fields=["status", "closed_on"])
    bill = None
    if not Bill.objects.filter(connection=connection, period=period).exists():
        figures = figures_for(connection, period, reading)
        if figures is not None:
            settings = settings_for(connection.pourashava_id)
            bill = save_bill(
                connection,
                period,
                figures,
                reading,
                run=None,
                issue=today,
                due=due_date(period, settings),
                final=True,
            )
            raise_bill_demand(bill, connection)
    record_audit(actor=actor, action="water_billing.closed", obj=connection, request=request)
    return bill


def _notify(connection: Connection, what: str, **context) -> None:
    from services.water_billing.notices import send

    send(connection, what, **context)
