"""Meter replacement: the old meter's final reading closes it, the new meter starts at its first
reading. The next month's reading then counts both stretches (services/readings.py `measured`:
old final less the last reading, plus new reading less the new meter's first)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from backend.common.errors import AppError, Conflict
from backend.common.text import Text
from backend.identity.audit import record_audit
from backend.identity.models import User
from backend.municipality.scoping import scope_of
from services.water_billing import errors
from services.water_billing.models import (
    REAL_READINGS,
    Connection,
    ConnectionStatus,
    Meter,
    MeterStatus,
    Reading,
)

FINAL_BELOW_LAST = Text(
    en="The old meter's final reading {final} is below its last reading {last}.",
    bn="পুরোনো মিটারের শেষ রিডিং {final} তার আগের রিডিং {last}-এর চেয়ে কম।",
)
FINAL_OVER_DIAL = Text(
    en="The old meter's final reading {final} is beyond its dial's maximum {maximum}.",
    bn="পুরোনো মিটারের শেষ রিডিং {final} তার ডায়ালের সর্বোচ্চ {maximum}-এর বেশি।",
)
INSTALLED_IN_FUTURE = Text(
    en="A meter cannot be installed on a future date.",
    bn="ভবিষ্যতের তারিখে মিটার বসানো যায় না।",
)
INSTALLED_BEFORE_OLD = Text(
    en="The new meter cannot be installed before the old one ({day}).",
    bn="নতুন মিটার পুরোনোটির ({day}) আগে বসানো যায় না।",
)
SAME_SERIAL = Text(
    en="The new meter's serial is the old meter's ({serial}).",
    bn="নতুন মিটারের সিরিয়াল পুরোনোটির ({serial}) মতোই।",
)
NOT_ALLOWED = Text(
    en="You may replace meters only in your own pourashava.",
    bn="শুধু নিজের পৌরসভার মিটার বদলানো যায়।",
)


@dataclass(frozen=True)
class Replacement:
    final_reading: Decimal  # the old meter's dial when removed
    serial: str  # the new meter's
    initial_reading: Decimal = Decimal(0)  # the new meter's dial when installed
    installed_on: date | None = None  # default today
    max_reading: Decimal | None = None  # the new dial's maximum (default: the old one's)


def _last_real(connection: Connection, meter: Meter) -> Reading | None:
    return (
        Reading.objects.filter(connection=connection, meter=meter, status__in=REAL_READINGS)
        .order_by("-period")
        .first()
    )


@transaction.atomic
def replace_meter(
    *, connection: Connection, data: Replacement, actor: User, roles, request=None
) -> Meter:
    """Close the working meter at `final_reading` and install the new one. Refusals are
    bilingual 4xx and write nothing."""
    if not scope_of(actor, roles).covers(connection.pourashava_id):
        raise AppError("meter_outside_pourashava", NOT_ALLOWED, status_code=403)
    connection = Connection.objects.select_for_update().get(pk=connection.pk)
    if connection.status != ConnectionStatus.ACTIVE:
        raise Conflict(
            "connection_not_active", errors.NOT_ACTIVE, params={"number": connection.number}
        )
    old = (
        Meter.objects.select_for_update()
        .filter(connection=connection)
        .exclude(status=MeterStatus.REMOVED)
        .order_by("-installed_on", "-id")
        .first()
    )
    if not connection.is_metered or old is None:
        raise Conflict(
            "connection_not_metered", errors.NOT_METERED, params={"number": connection.number}
        )
    today = timezone.localdate()
    installed_on = data.installed_on or today
    if installed_on > today:
        raise AppError(
            "meter_installed_in_future",
            INSTALLED_IN_FUTURE,
            fields={"installed_on": ["future"]},
        )
    if installed_on < old.installed_on:
        raise AppError(
            "meter_installed_before_old",
            INSTALLED_BEFORE_OLD,
            params={"day": old.installed_on.isoformat()},
            fields={"installed_on": ["before_old_meter"]},
        )
    serial = data.serial.strip()
    if serial == old.serial:
        raise AppError(
            "meter_same_serial", SAME_SERIAL, params={"serial": serial}, fields={"serial": ["same"]}
        )
    if data.final_reading > old.max_reading:
        raise AppError(
            "meter_final_over_dial",
            FINAL_OVER_DIAL,
            params={"final": str(data.final_reading), "maximum": str(old.max_reading)},
            fields={"final_reading": ["over_dial"]},
        )
    last = _last_real(connection, old)
    floor = last.reading if last is not None else old.initial_reading
    if data.final_reading < floor:
        raise AppError(
            "meter_final_below_last",
            FINAL_BELOW_LAST,
            params={"final": str(data.final_reading), "last": str(floor)},
            fields={"final_reading": ["below_last"]},
        )
    old.final_reading, old.status, old.removed_on = data.final_reading, MeterStatus.REMOVED, today
    old.save(update_fields=["final_reading", "status", "removed_on"])
    new = Meter.objects.create(
        pourashava_id=connection.pourashava_id,
        connection=connection,
        serial=serial,
        installed_on=installed_on,
        initial_reading=data.initial_reading,
        max_reading=data.max_reading if data.max_reading is not None else old.max_reading,
    )
    record_audit(
        actor=actor,
        action="water_billing.meter_replaced",
        obj=connection,
        before={"meter": old.serial},
        after={
            "meter": new.serial,
            "old_final_reading": str(data.final_reading),
            "new_initial_reading": str(data.initial_reading),
        },
        request=request,
    )
    return new
