"""The office CSV import of readings, in bulk: the rows are decided with the same rules, in the
same order and with the same per-row report as the row-by-row path (`readings.record_batch`),
but from a few queries made up front, and the good rows are written together.

One transaction: the file's connections are locked first (in id order, so two imports cannot
deadlock), then their meters, their recent readings and the file's client ids are read once;
each row is decided in file order against that picture, updated as rows are accepted (a file may
hold two months of one connection, or a client id twice), so an outcome never depends on which
path decided it. The accepted rows are inserted in one statement: either all of them are
written or none. A row refused is only reported; it never costs the others. If the insert meets
a row written meanwhile by someone else (a unique key), nothing of the import is kept and the
row-by-row path decides every row instead."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db import connection as db
from django.utils import timezone

from backend.common.errors import AppError, Conflict, Forbidden, NotFound
from backend.identity.models import User
from backend.municipality.scoping import scope_of
from services.water_billing import errors
from services.water_billing.calculator import ZERO_KL, true_up
from services.water_billing.models import (
    REAL_READINGS,
    Connection,
    Meter,
    MeterStatus,
    Reading,
    ReadingSource,
)
from services.water_billing.periods import label, month_of
from services.water_billing.services import readings
from services.water_billing.services.readings import (
    BATCH_LIMIT,
    OVERRIDE_ROLES,
    READER_ROLES,
    ReadingInput,
    RowResult,
)
from services.water_billing.settings_rows import settings_for

HISTORY = 24  # the readings before a month the row-by-row path looks at (readings._history)
STORED = Decimal("0.001")  # a reading's dial value as its column keeps it (3 places, half up)


def import_csv(text: str, *, actor: User, pourashava_id: int | None = None) -> list[RowResult]:
    """Each row of the office CSV: created, already recorded (its client id was written before)
    or refused with its error; rows that cannot be read are refused as `bad_row`."""
    parsed = list(readings.parse_csv(text))
    good = [(i, r) for i, r in parsed if isinstance(r, ReadingInput)]
    results = {
        i: RowResult(row=i, client_id=None, outcome="refused", error=r)
        for i, r in parsed
        if isinstance(r, AppError)
    }
    written = record_rows(
        [r for _, r in good], actor=actor, source=ReadingSource.CSV, pourashava_id=pourashava_id
    )
    for (index, _), result in zip(good, written, strict=True):
        result.row = index
        results[index] = result
    return [results[i] for i in sorted(results)]


def record_rows(
    rows: Sequence[ReadingInput], *, actor: User, source: str, pourashava_id: int | None = None
) -> list[RowResult]:
    """What `readings.record_batch` answers for `rows`, decided and written in bulk."""
    if len(rows) > BATCH_LIMIT:
        raise AppError("too_many_readings", errors.TOO_MANY_ROWS, params={"limit": BATCH_LIMIT})
    if db.vendor != "postgresql" or any(getattr(row, "photo", None) for row in rows):
        # The look-back query is PostgreSQL's; a photo is checked against its upload one by
        # one (the office CSV carries none).
        return readings.record_batch(rows, actor=actor, source=source, pourashava_id=pourashava_id)
    try:
        with transaction.atomic():
            plan = _Plan.prepare(rows, actor=actor, source=source, pourashava_id=pourashava_id)
            results = [plan.decide(index, row) for index, row in enumerate(rows, start=1)]
            plan.write()
            return results
    except IntegrityError:
        # Someone wrote one of these months or client ids between our reads and our insert.
        return readings.record_batch(rows, actor=actor, source=source, pourashava_id=pourashava_id)


@dataclass
class _Plan:
    actor: User
    source: str
    by_number: dict[str, Connection]
    meters: dict[int, list[Meter]]  # connection id -> its meters
    history: dict[int, list[Reading]]  # connection id -> readings known (stored or accepted)
    client_ids: dict[tuple[int, str], Reading]
    settings: dict
    scope: object
    today: date = field(default_factory=timezone.localdate)
    accepted: list[tuple[RowResult, Reading]] = field(default_factory=list)
    _override_scope: object = None

    @classmethod
    def prepare(
        cls, rows: Sequence[ReadingInput], *, actor: User, source: str, pourashava_id: int | None
    ) -> "_Plan":
        numbers = {row.connection for row in rows}
        connections = Connection.objects.select_for_update().filter(number__in=numbers)
        if pourashava_id is not None:
            connections = connections.filter(pourashava_id=pourashava_id)
        by_number = {c.number: c for c in connections.order_by("pk")}
        ids = [c.pk for c in by_number.values()]
        meters: dict[int, list[Meter]] = defaultdict(list)
        for meter in Meter.objects.filter(connection_id__in=ids):
            meters[meter.connection_id].append(meter)
        pourashavas = {c.pourashava_id for c in by_number.values()}
        wanted = {row.client_id for row in rows if row.client_id}
        client_ids = {
            (r.pourashava_id, r.client_id): r
            for r in Reading.objects.filter(pourashava_id__in=pourashavas, client_id__in=wanted)
        }
        return cls(
            actor=actor,
            source=source,
            by_number=by_number,
            meters=meters,
            history=_readings_needed(rows, by_number),
            client_ids=client_ids,
            settings={p: settings_for(p) for p in pourashavas},
            scope=scope_of(actor, READER_ROLES),
        )

    def decide(self, index: int, row: ReadingInput) -> RowResult:
        result = RowResult(row=index, client_id=row.client_id, outcome="refused")
        try:
            reading, created = self._check(row)
        except AppError as error:
            result.error = error
            return result
        result.outcome = "created" if created else "already_recorded"
        result.consumption_kl = str(reading.consumption_kl)
        if reading.pk is not None:
            result.reading_id = reading.pk
        else:
            self.accepted.append((result, reading))  # its id once written
        return result

    def write(self) -> None:
        rows = list({id(r): r for _, r in self.accepted}.values())
        Reading.objects.bulk_create(rows, batch_size=1000)
        for result, reading in self.accepted:
            result.reading_id = reading.pk

    # The row-by-row path's checks (readings.record_reading), in its order.
    def _check(self, data: ReadingInput) -> tuple[Reading, bool]:
        connection = self.by_number.get(data.connection)
        if connection is None:
            raise NotFound(
                "unknown_connection", errors.UNKNOWN_CONNECTION, params={"number": data.connection}
            )
        if not self.scope.covers(connection.pourashava_id):
            raise Forbidden("reading_outside_pourashava", errors.OUTSIDE_POURASHAVA)
        if data.client_id:
            earlier = self.client_ids.get((connection.pourashava_id, data.client_id))
            if earlier is not None:
                if earlier.connection_id == connection.pk and earlier.period == data.period:
                    return earlier, False
                raise Conflict("client_id_reused", errors.CLIENT_ID_REUSED)
        readings._check_connection(connection)
        if data.reading_date > self.today:
            raise AppError(
                "reading_in_future", errors.FUTURE_DATE, fields={"reading_date": ["future"]}
            )
        if data.period > month_of(self.today) or data.period > month_of(data.reading_date):
            raise AppError("period_in_future", errors.FUTURE_PERIOD, fields={"period": ["future"]})
        known = self.history[connection.pk]
        if any(r.period == data.period for r in known):
            raise Conflict(
                "second_reading", errors.SECOND_READING, params={"period": label(data.period)}
            )
        meter = _current(self.meters[connection.pk])
        last, estimates, real = _history(known, data.period)
        through, status = readings.measured(connection, meter, last, data.reading, data.status)
        billed_by_estimates = sum((r.consumption_kl for r in estimates), ZERO_KL)
        carried = last.carry_kl if last is not None else ZERO_KL
        consumption, carry = true_up(through, billed_by_estimates + carried)
        override_by = None
        cap = readings._cap(connection, real, self.settings[connection.pourashava_id])
        if consumption > cap:
            params = {"kl": str(consumption), "cap": str(cap)}
            if not data.override:
                raise AppError(
                    "over_sanity_cap",
                    errors.OVER_CAP,
                    params=params,
                    fields={"reading": ["over_cap"]},
                )
            if self._override_scope is None:
                self._override_scope = scope_of(self.actor, OVERRIDE_ROLES)
            if not self._override_scope.covers(connection.pourashava_id):
                raise Forbidden("over_sanity_cap", errors.OVER_CAP, params=params)
            override_by = self.actor
        reading = Reading(
            pourashava_id=connection.pourashava_id,
            connection=connection,
            meter=meter,
            period=data.period,
            reading_date=data.reading_date,
            # As the column keeps it: a later row of the file reads it back the same way.
            reading=data.reading.quantize(STORED, rounding=ROUND_HALF_UP),
            status=status,
            consumption_kl=consumption,
            carry_kl=carry,
            reader=self.actor,
            override_by=override_by,
            photo_id=data.photo_id,
            source=self.source,
            client_id=data.client_id or None,
        )
        known.append(reading)
        if reading.client_id:
            self.client_ids[(connection.pourashava_id, reading.client_id)] = reading
        return reading, True


def _current(meters: list[Meter]) -> Meter | None:
    """The connection's meter in service: the latest installed that is not removed."""
    kept = [m for m in meters if m.status != MeterStatus.REMOVED]
    return max(kept, key=lambda m: (m.installed_on, m.pk), default=None)


def _history(known: list[Reading], period: date):
    """readings._history over the readings known: the last real reading before `period`, the
    estimates after it (newest first) and the last three real consumptions (oldest first)."""
    earlier = sorted((r for r in known if r.period < period), key=lambda r: r.period, reverse=True)
    earlier = earlier[:HISTORY]
    real = [r.consumption_kl for r in earlier if r.status in REAL_READINGS][:3][::-1]
    estimates: list[Reading] = []
    for reading in earlier:
        if reading.status in REAL_READINGS:
            return reading, estimates, real
        estimates.append(reading)
    return None, estimates, real


def _readings_needed(
    rows: Sequence[ReadingInput], by_number: dict[str, Connection]
) -> dict[int, list[Reading]]:
    """Per connection of the file: every reading from its earliest month in the file on, and
    the HISTORY readings before that month (all a row of that connection can look at)."""
    since: dict[int, date] = {}
    for row in rows:
        connection = by_number.get(row.connection)
        if connection is not None:
            first = since.get(connection.pk)
            since[connection.pk] = row.period if first is None else min(first, row.period)
    known: dict[int, list[Reading]] = defaultdict(list)
    if not since:
        return known
    table = Reading._meta.db_table
    sql = f"""
        SELECT r.* FROM unnest(%s::bigint[], %s::date[]) w(connection_id, since)
        JOIN {table} r ON r.connection_id = w.connection_id AND r.period >= w.since
        UNION ALL
        SELECT r.* FROM unnest(%s::bigint[], %s::date[]) w(connection_id, since)
        CROSS JOIN LATERAL (
            SELECT * FROM {table} e
            WHERE e.connection_id = w.connection_id AND e.period < w.since
            ORDER BY e.period DESC LIMIT {HISTORY}
        ) r
    """  # noqa: S608 - table name from our model; values are bound
    ids, firsts = list(since), list(since.values())
    for reading in Reading.objects.raw(sql, [ids, firsts, ids, firsts]):
        known[reading.connection_id].append(reading)
    return known
