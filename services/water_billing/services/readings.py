"""Meter readings: one per connection per month, from the field app (offline batches, each
reading with a client-made id so a retried batch changes nothing), the office's CSV import or
the office itself; estimates made by the monthly run for metered connections left unread.

Each reading is written in its own transaction with the connection's row locked, so a batch is
all-or-nothing per row and two readers cannot both take a month."""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.common.digits import to_ascii_digits
from backend.common.errors import AppError, Conflict, Forbidden, NotFound
from backend.identity.models import Role, User
from backend.municipality.scoping import scope_of
from services.water_billing import errors
from services.water_billing.calculator import (
    ZERO_KL,
    estimate,
    kl,
    replacement_consumption,
    rollover_consumption,
    true_up,
)
from services.water_billing.models import (
    REAL_READINGS,
    Connection,
    ConnectionStatus,
    Meter,
    MeterStatus,
    Reading,
    ReadingSource,
    ReadingStatus,
)
from services.water_billing.periods import label, month_of, parse
from services.water_billing.settings_rows import settings_for
from services.water_billing.uploads import photo_for

READER_ROLES = frozenset({Role.METER_READER, Role.WATER_SUPERINTENDENT})
OVERRIDE_ROLES = frozenset({Role.WATER_SUPERINTENDENT})
BATCH_LIMIT = 5000


@dataclass(frozen=True)
class ReadingInput:
    connection: str  # the connection's number
    period: date
    reading_date: date
    reading: Decimal
    status: str = ReadingStatus.NORMAL
    client_id: str | None = None
    override: bool = False
    photo_id: int | None = None  # an upload already checked (see `photo`)
    photo: str | None = None  # the public id of the reader's meter photo, checked on recording


@dataclass
class RowResult:
    row: int
    client_id: str | None
    outcome: str  # created | already_recorded | refused
    reading_id: int | None = None
    consumption_kl: str | None = None
    error: AppError | None = field(default=None, repr=False)


def _current_meter(connection: Connection) -> Meter | None:
    return (
        Meter.objects.filter(connection=connection)
        .exclude(status=MeterStatus.REMOVED)
        .order_by("-installed_on", "-id")
        .first()
    )


def _history(
    connection: Connection, period: date
) -> tuple[Reading | None, list[Reading], list[Decimal]]:
    """The last real reading before `period`, the estimates after it, and the consumption of
    the last three real months (oldest first), in one query."""
    earlier = list(
        Reading.objects.filter(connection=connection, period__lt=period).order_by("-period")[:24]
    )
    real = [r.consumption_kl for r in earlier if r.status in REAL_READINGS][:3][::-1]
    estimates: list[Reading] = []
    for reading in earlier:
        if reading.status in REAL_READINGS:
            return reading, estimates, real
        estimates.append(reading)
    return None, estimates, real


def _real_consumptions(connection: Connection, period: date) -> list[Decimal]:
    rows = (
        Reading.objects.filter(connection=connection, period__lt=period, status__in=REAL_READINGS)
        .order_by("-period")
        .values_list("consumption_kl", flat=True)[:3]
    )
    return list(reversed(list(rows)))


def _check_reader(actor: User, connection: Connection, scope=None) -> None:
    if not (scope or scope_of(actor, READER_ROLES)).covers(connection.pourashava_id):
        raise Forbidden("reading_outside_pourashava", errors.OUTSIDE_POURASHAVA)


def _check_connection(connection: Connection) -> None:
    if connection.status != ConnectionStatus.ACTIVE:
        raise Conflict(
            "connection_not_active", errors.NOT_ACTIVE, params={"number": connection.number}
        )
    if not connection.is_metered:
        raise Conflict(
            "connection_not_metered", errors.NOT_METERED, params={"number": connection.number}
        )


def _removed_before(
    connection: Connection, meter: Meter, meters: Sequence[Meter] | None
) -> Meter | None:
    """The meter removed before `meter`, with its final reading, if any. Without `meters`, only
    a meter installed after the connection was made can have had one before it (no query
    otherwise: a first reading of an original meter is the common case)."""
    if meters is None:
        if meter.installed_on <= connection.connected_on:
            return None
        meters = Meter.objects.filter(connection=connection)
    removed = [
        m
        for m in meters
        if m.pk != meter.pk and m.status == MeterStatus.REMOVED and m.final_reading is not None
    ]
    return max(removed, key=lambda m: (m.installed_on, m.pk), default=None)


def measured(
    connection: Connection,
    meter: Meter | None,
    last: Reading | None,
    value: Decimal,
    status: str,
    meters: Sequence[Meter] | None = None,
) -> tuple[Decimal, str]:
    """kL through the meter since the last real reading, and the status it is recorded under
    (a reading on a meter installed since then is a replacement). `meters`, the connection's
    meters when the caller has them already, saves a query for a first reading."""
    if meter is None:
        raise Conflict(
            "connection_not_metered", errors.NOT_METERED, params={"number": connection.number}
        )
    replaced = last is not None and last.meter_id is not None and last.meter_id != meter.pk
    old, since = None, None
    if replaced:
        old, since = Meter.objects.get(pk=last.meter_id), last.reading
    elif last is None:  # replaced before its first reading: the old meter's whole run counts
        old = _removed_before(connection, meter, meters)
        since = old.initial_reading if old is not None else None
    if old is not None:
        if value < meter.initial_reading:
            raise AppError(
                "reading_below_last",
                errors.BELOW_LAST,
                params={"reading": str(value), "previous": str(meter.initial_reading)},
                fields={"reading": ["below_last"]},
            )
        old_final = old.final_reading if old.final_reading is not None else since
        return replacement_consumption(since, old_final, meter.initial_reading, value), (
            ReadingStatus.REPLACED
        )
    previous = last.reading if last is not None else meter.initial_reading
    if value < previous:
        if status != ReadingStatus.ROLLOVER:
            raise AppError(
                "reading_below_last",
                errors.BELOW_LAST,
                params={"reading": str(value), "previous": str(previous)},
                fields={"reading": ["below_last"]},
            )
        return rollover_consumption(previous, value, meter.max_reading), ReadingStatus.ROLLOVER
    return kl(value - previous), ReadingStatus.NORMAL


def _cap(connection: Connection, history: list[Decimal], settings=None) -> Decimal:
    settings = settings or settings_for(connection.pourashava_id)
    if not history:
        return Decimal(settings.sanity_cap_kl)
    return kl(max(estimate(history), Decimal(1)) * Decimal(settings.sanity_cap_factor))


@transaction.atomic
def record_reading(
    *,
    connection: Connection,
    data: ReadingInput,
    actor: User,
    source: str,
    scope=None,
    settings=None,
) -> tuple[Reading, bool]:
    """The reading, and whether it was written now (False: this client id was recorded before,
    the first answer stands). Refusals are AppErrors (4xx) and write nothing. A batch passes the
    reader's scope and the pourashava's settings, read once for all its rows."""
    _check_reader(actor, connection, scope)
    if data.client_id:
        earlier = Reading.objects.filter(
            pourashava_id=connection.pourashava_id, client_id=data.client_id
        ).first()
        if earlier is not None:
            if earlier.connection_id == connection.pk and earlier.period == data.period:
                return earlier, False
            raise Conflict("client_id_reused", errors.CLIENT_ID_REUSED)
    photo_id = photo_for(actor, data.photo) if data.photo else data.photo_id
    connection = Connection.objects.select_for_update().get(pk=connection.pk)
    _check_connection(connection)
    today = timezone.localdate()
    if data.reading_date > today:
        raise AppError("reading_in_future", errors.FUTURE_DATE, fields={"reading_date": ["future"]})
    if data.period > month_of(today) or data.period > month_of(data.reading_date):
        raise AppError("period_in_future", errors.FUTURE_PERIOD, fields={"period": ["future"]})
    if Reading.objects.filter(connection=connection, period=data.period).exists():
        raise Conflict(
            "second_reading", errors.SECOND_READING, params={"period": label(data.period)}
        )
    meter = _current_meter(connection)
    last, estimates, real = _history(connection, data.period)
    through, status = measured(connection, meter, last, data.reading, data.status)
    billed_by_estimates = sum((r.consumption_kl for r in estimates), ZERO_KL)
    carried = last.carry_kl if last is not None else ZERO_KL
    consumption, carry = true_up(through, billed_by_estimates + carried)
    override_by = None
    cap = _cap(connection, real, settings)
    if consumption > cap:
        if not data.override:
            raise AppError(
                "over_sanity_cap",
                errors.OVER_CAP,
                params={"kl": str(consumption), "cap": str(cap)},
                fields={"reading": ["over_cap"]},
            )
        if not scope_of(actor, OVERRIDE_ROLES).covers(connection.pourashava_id):
            raise Forbidden(
                "over_sanity_cap", errors.OVER_CAP, params={"kl": str(consumption), "cap": str(cap)}
            )
        override_by = actor
    try:
        with transaction.atomic():
            reading = Reading.objects.create(
                pourashava_id=connection.pourashava_id,
                connection=connection,
                meter=meter,
                period=data.period,
                reading_date=data.reading_date,
                reading=data.reading,
                status=status,
                consumption_kl=consumption,
                carry_kl=carry,
                reader=actor,
                override_by=override_by,
                photo_id=photo_id,
                source=source,
                client_id=data.client_id or None,
            )
    except IntegrityError:
        raise Conflict(
            "second_reading", errors.SECOND_READING, params={"period": label(data.period)}
        ) from None
    return reading, True


def make_estimate(connection: Connection, period: date) -> Reading:
    """An estimated reading for a metered connection left unread: the average of its last three
    real months (the run calls this; the next real reading trues it up)."""
    history = _real_consumptions(connection, period)
    return Reading.objects.create(
        pourashava_id=connection.pourashava_id,
        connection=connection,
        meter=_current_meter(connection),
        period=period,
        reading_date=timezone.localdate(),
        reading=None,
        status=ReadingStatus.ESTIMATED,
        consumption_kl=estimate(history),
        source=ReadingSource.ESTIMATE,
    )


def record_batch(
    rows: Sequence[ReadingInput], *, actor: User, source: str, pourashava_id: int | None = None
) -> list[RowResult]:
    """Each row on its own: written, already recorded (same client id), or refused with its
    error. A retried batch answers `already_recorded` for every row it wrote before."""
    if len(rows) > BATCH_LIMIT:
        raise AppError("too_many_readings", errors.TOO_MANY_ROWS, params={"limit": BATCH_LIMIT})
    numbers = {row.connection for row in rows}
    connections = Connection.objects.filter(number__in=numbers)
    if pourashava_id is not None:
        connections = connections.filter(pourashava_id=pourashava_id)
    by_number = {c.number: c for c in connections}
    scope = scope_of(actor, READER_ROLES)
    settings = {p: settings_for(p) for p in {c.pourashava_id for c in by_number.values()}}
    results: list[RowResult] = []
    for index, row in enumerate(rows, start=1):
        result = RowResult(row=index, client_id=row.client_id, outcome="refused")
        try:
            connection = by_number.get(row.connection)
            if connection is None:
                raise NotFound(
                    "unknown_connection",
                    errors.UNKNOWN_CONNECTION,
                    params={"number": row.connection},
                )
            reading, created = record_reading(
                connection=connection,
                data=row,
                actor=actor,
                source=source,
                scope=scope,
                settings=settings[connection.pourashava_id],
            )
            result.outcome = "created" if created else "already_recorded"
            result.reading_id = reading.pk
            result.consumption_kl = str(reading.consumption_kl)
        except AppError as error:
            result.error = error
        results.append(result)
    return results


# --- CSV ---------------------------------------------------------------------------------

CSV_COLUMNS = ("connection", "period", "reading_date", "reading")


def _number(value: str) -> Decimal:
    try:
        return Decimal(to_ascii_digits(value.strip()))
    except InvalidOperation:
        raise ValueError(f"'{value}' is not a number") from None


def parse_csv(text: str) -> Iterable[tuple[int, ReadingInput | AppError]]:
    """Rows of an office CSV (header: connection, period, reading_date, reading[, status,
    client_id]); Bangla digits accepted. A row that cannot be read is an error for that row."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise AppError(
            "bad_csv", errors.BAD_ROW, params={"detail": "missing columns " + ", ".join(missing)}
        )
    for index, row in enumerate(reader, start=1):
        try:
            status = (row.get("status") or ReadingStatus.NORMAL).strip()
            if status not in (ReadingStatus.NORMAL, ReadingStatus.ROLLOVER):
                raise ValueError(f"status '{status}'")
            yield (
                index,
                ReadingInput(
                    connection=to_ascii_digits(row["connection"].strip()),
                    period=parse(to_ascii_digits(row["period"])),
                    reading_date=date.fromisoformat(to_ascii_digits(row["reading_date"].strip())),
                    reading=_number(row["reading"]),
                    status=status,
                    client_id=(row.get("client_id") or "").strip() or None,
                ),
            )
        except (ValueError, KeyError, IndexError, AttributeError, TypeError) as problem:
            yield index, AppError("bad_row", errors.BAD_ROW, params={"detail": str(problem)})


def import_csv(text: str, *, actor: User, pourashava_id: int | None = None) -> list[RowResult]:
    """The office CSV's per-row report, decided and written in bulk (reading_import.py: same
    rules and report as `record_batch`, row by row, which the field app's batch uses)."""
    from services.water_billing.services.reading_import import import_csv as import_in_bulk

    return import_in_bulk(text, actor=actor, pourashava_id=pourashava_id)
