"""The office CSV import decided in bulk answers exactly what the row-by-row path answers: for a
file mixing good and bad rows (two months of one connection in either order, estimates trued up,
a rollover, a replaced meter, client ids seen before or twice in the file, a month given twice),
the same outcome, error code, bilingual message and consumption per row, and the same readings
stored; a retried import changes nothing, on either path."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.common.errors import AppError
from services.water_billing.models import Meter, MeterStatus, Reading, ReadingSource
from services.water_billing.periods import add_months, label, month_of
from services.water_billing.services import reading_import
from services.water_billing.services.readings import (
    ReadingInput,
    RowResult,
    make_estimate,
    parse_csv,
    record_batch,
    record_reading,
)
from tests.services.water_billing import helpers

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
P = add_months(month_of(TODAY), -1)  # the month the file reads


def months_back(n: int):
    return add_months(P, -n)


def _read(t, conn, period, value, client_id=None):
    record_reading(
        connection=conn,
        data=ReadingInput(
            connection=conn.number,
            period=period,
            reading_date=TODAY,
            reading=D(value),
            client_id=client_id,
        ),
        actor=t.reader,
        source="office",
    )


def row_by_row(text: str, actor) -> list[RowResult]:
    """The import as it was before the bulk path: each row through record_reading."""
    parsed = list(parse_csv(text))
    good = [(i, r) for i, r in parsed if isinstance(r, ReadingInput)]
    results = {
        i: RowResult(row=i, client_id=None, outcome="refused", error=r)
        for i, r in parsed
        if isinstance(r, AppError)
    }
    written = record_batch([r for _, r in good], actor=actor, source=ReadingSource.CSV)
    for (index, _), result in zip(good, written, strict=True):
        result.row = index
        results[index] = result
    return [results[i] for i in sorted(results)]


def _report(results: list[RowResult]) -> list[tuple]:
    """What a clerk reads per row; the reading named by what it is, not by its id."""
    named = {
        r.pk: (r.connection.number, str(r.period))
        for r in Reading.objects.select_related("connection")
    }
    out = []
    for r in results:
        error = r.error
        out.append(
            (
                r.row,
                r.client_id,
                r.outcome,
                r.consumption_kl,
                named.get(r.reading_id) if r.reading_id else None,
                None
                if error is None
                else (
                    error.code,
                    error.status_code,
                    error.render_message("en"),
                    error.render_message("bn"),
                    error.fields,
                ),
            )
        )
    return out


def _stored() -> list[tuple]:
    return sorted(
        (
            r.connection.number,
            str(r.period),
            r.reading_date,
            r.reading,
            r.status,
            r.consumption_kl,
            r.carry_kl,
            r.meter_id,
            r.reader_id,
            r.source,
            r.client_id,
        )
        for r in Reading.objects.select_related("connection")
    )


def _both(text, actor):
    """(report, readings stored) on the row-by-row path, rolled back, then on the bulk path."""
    with transaction.atomic():
        slow = _report(row_by_row(text, actor)), _stored()
        transaction.set_rollback(True)
    fast = _report(reading_import.import_csv(text, actor=actor)), _stored()
    return slow, fast


@pytest.fixture
def world():
    t = helpers.town()
    c = {}
    c["ordered"] = helpers.connection(t, metered=True)  # three real months, then P-1 and P
    for n, value in ((4, "10"), (3, "30"), (2, "55")):
        _read(t, c["ordered"], months_back(n), value)
    c["reversed"] = helpers.connection(t, metered=True)  # same, P given before P-1
    for n, value in ((4, "10"), (3, "30"), (2, "55")):
        _read(t, c["reversed"], months_back(n), value)
    c["estimated"] = helpers.connection(t, metered=True)  # a real month, then an estimate
    _read(t, c["estimated"], months_back(3), "100")
    make_estimate(c["estimated"], months_back(2))
    c["rollover"] = helpers.connection(t, metered=True)
    Meter.objects.filter(connection=c["rollover"]).update(initial_reading=D("99980"))
    c["replaced"] = helpers.connection(t, metered=True)
    _read(t, c["replaced"], months_back(2), "50")
    Meter.objects.filter(connection=c["replaced"]).update(
        final_reading=D("70"), status=MeterStatus.REMOVED, removed_on=TODAY
    )
    Meter.objects.create(
        pourashava=t.pourashava,
        connection=c["replaced"],
        serial="NEW-1",
        installed_on=TODAY,
        initial_reading=D("2"),
    )
    c["over_cap"] = helpers.connection(t, metered=True)
    c["below"] = helpers.connection(t, metered=True)
    _read(t, c["below"], months_back(2), "100")
    c["flat"] = helpers.connection(t)
    c["cut"] = helpers.connection(t, metered=True, status="disconnected")
    c["future"] = helpers.connection(t, metered=True)
    c["read_before"] = helpers.connection(t, metered=True)
    _read(t, c["read_before"], P, "9")
    c["tab"] = helpers.connection(t, metered=True)
    _read(t, c["tab"], months_back(1), "7", client_id="tab-1")
    for name in ("reuses", "twice_id", "twice_plain", "first_id", "same_id", "bangla"):
        c[name] = helpers.connection(t, metered=True)
    other = helpers.town(code="GOP", mobile="01711000002")
    c["elsewhere"] = helpers.connection(other, metered=True)

    n = {k: v.number for k, v in c.items()}
    day, tomorrow = str(TODAY), str(TODAY + timedelta(days=1))
    p, p1 = label(P), label(months_back(1))
    rows = [
        f"{n['ordered']},{p1},{day},80,,o1",
        f"{n['ordered']},{p},{day},120,,o2",
        f"{n['reversed']},{p},{day},120,,",
        f"{n['reversed']},{p1},{day},80,,",
        f"{n['estimated']},{p1},{day},260,,",
        f"{n['rollover']},{p},{day},15,rollover,",
        f"{n['replaced']},{p1},{day},12,,",
        f"{n['over_cap']},{p},{day},500,,",
        f"{n['below']},{p1},{day},90,,",
        f"{n['flat']},{p},{day},10,,",
        f"{n['cut']},{p},{day},10,,",
        "NOPE-1," + f"{p},{day},5,,",
        f"{n['elsewhere']},{p},{day},5,,",
        f"{n['future']},{p},{tomorrow},5,,",
        f"{n['future']},{label(add_months(P, 2))},{day},5,,",
        f"{n['read_before']},{p},{day},20,,",
        f"{n['tab']},{p1},{day},7,,tab-1",  # sent before: already recorded
        f"{n['reuses']},{p},{day},7,,tab-1",  # another connection's id
        f"{n['twice_id']},{p},{day},11,,tw-1",
        f"{n['twice_id']},{p},{day},11,,tw-1",  # the same row twice in the file
        f"{n['twice_plain']},{p},{day},11,,",
        f"{n['twice_plain']},{p},{day},12,,",  # a second reading of the month
        f"{n['first_id']},{p},{day},3,,dup-9",
        f"{n['same_id']},{p},{day},3,,dup-9",  # an id used twice in the file
        f"{n['bangla']},{label(P)},{day},১২.৫,,",
        f"{n['bangla']},not-a-month,{day},1,,",
        f"{n['flat']},{p},{day},,,",
    ]
    text = "connection,period,reading_date,reading,status,client_id\n" + "\n".join(rows) + "\n"
    return t, text


def test_bulk_import_answers_and_stores_what_row_by_row_does(world):
    t, text = world
    (slow_report, slow_stored), (fast_report, fast_stored) = _both(text, t.reader)
    assert fast_report == slow_report
    assert fast_stored == slow_stored
    outcomes = [row[2] for row in fast_report]
    codes = [row[5][0] if row[5] else None for row in fast_report]
    # The file's mix really is a mix: every kind of answer is in it.
    assert outcomes.count("created") == 11 and outcomes.count("already_recorded") == 2
    assert set(codes) >= {
        "over_sanity_cap",
        "reading_below_last",
        "connection_not_metered",
        "connection_not_active",
        "unknown_connection",
        "reading_outside_pourashava",
        "reading_in_future",
        "period_in_future",
        "second_reading",
        "client_id_reused",
        "bad_row",
    }
    by_row = {row[0]: row for row in fast_report}
    assert by_row[1][3] == "25.000" and by_row[2][3] == "40.000"  # P-1 first, then P on it
    assert by_row[3][3] == "65.000" and by_row[4][3] == "25.000"  # P first: counted from P-2
    assert by_row[5][3] == "60.000"  # 160 kL since the real reading, less the 100 estimated
    assert by_row[6][3] == "35.000" and by_row[7][3] == "30.000"  # rollover; replaced meter
    assert by_row[20][2] == "already_recorded" and by_row[20][4] == by_row[19][4]


def test_a_retried_import_changes_nothing_on_either_path(world):
    t, text = world
    reading_import.import_csv(text, actor=t.reader)
    before = _stored()
    (slow_report, slow_stored), (fast_report, fast_stored) = _both(text, t.reader)
    assert fast_report == slow_report
    assert slow_stored == fast_stored == before
    assert not [row for row in fast_report if row[2] == "created"]
    # Rows sent with a client id are recognised; the others are refused as a second reading.
    assert [row[2] for row in fast_report if row[1] == "o1"] == ["already_recorded"]


def test_one_refused_row_costs_the_others_nothing(world):
    t, text = world
    results = reading_import.import_csv(text, actor=t.reader)
    created = [r for r in results if r.outcome == "created"]
    assert Reading.objects.filter(source=ReadingSource.CSV).count() == len(created)
    assert {r.reading_id for r in created} == set(
        Reading.objects.filter(source=ReadingSource.CSV).values_list("pk", flat=True)
    )


def test_a_conflict_at_the_insert_keeps_nothing_and_rows_are_decided_one_by_one(world, monkeypatch):
    """Another writer took one of the file's months between our reads and our insert: the bulk
    insert is undone entirely, and the row-by-row path then decides every row."""
    t, text = world
    with transaction.atomic():
        expected = _report(row_by_row(text, t.reader)), _stored()
        transaction.set_rollback(True)
    written = reading_import._Plan.write
    tried = []

    def conflicting(plan):
        written(plan)  # the rows are in: then the unique key refuses one of them
        tried.append(len(plan.accepted))
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(reading_import._Plan, "write", conflicting)
    results = reading_import.import_csv(text, actor=t.reader)
    assert tried and tried[0] > 0
    assert (_report(results), _stored()) == expected
