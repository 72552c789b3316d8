"""Meter readings through the API: the field app's offline batch (a retried batch changes
nothing), the office CSV with a per-row report, and each refusal a bilingual 4xx that writes
nothing."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from backend.identity.models import Role
from services.water_billing.models import ConnectionStatus, Meter, MeterStatus, Reading
from services.water_billing.periods import add_months, label, month_of
from tests.factories import staff_member
from tests.services.water_billing import helpers

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST = add_months(month_of(TODAY), -1)


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _row(conn, period, value, **extra) -> dict:
    return {
        "connection": conn.number,
        "period": label(period),
        "reading_date": str(TODAY),
        "reading": str(value),
        **extra,
    }


@pytest.fixture
def t():
    return helpers.town()


def _history(conn, t, values):
    """Real readings for the months before LAST, oldest first."""
    reader = _client(t.reader)
    for months_back, value in zip(range(len(values), 0, -1), values, strict=True):
        period = add_months(LAST, -months_back)
        answer = reader.post("/api/v1/water/readings/", _row(conn, period, value), format="json")
        assert answer.status_code == 201, answer.content


def test_offline_batch_sent_twice_writes_once(t):
    meters = [helpers.connection(t, metered=True) for _ in range(3)]
    batch = {
        "readings": [_row(c, LAST, 12 + i, client_id=f"tab-7-{i}") for i, c in enumerate(meters)]
    }
    reader = _client(t.reader)
    first = reader.post("/api/v1/water/readings/batch/", batch, format="json").json()
    assert (first["created"], first["already_recorded"], first["refused"]) == (3, 0, 0)
    again = reader.post("/api/v1/water/readings/batch/", batch, format="json").json()
    assert (again["created"], again["already_recorded"], again["refused"]) == (0, 3, 0)
    assert [r["reading_id"] for r in again["rows"]] == [r["reading_id"] for r in first["rows"]]
    assert Reading.objects.count() == 3
    assert [r["consumption_kl"] for r in first["rows"]] == ["12.000", "13.000", "14.000"]


def test_batch_rows_stand_alone(t):
    good, unmetered = helpers.connection(t, metered=True), helpers.connection(t)
    batch = {
        "readings": [_row(good, LAST, 5, client_id="a"), _row(unmetered, LAST, 5, client_id="b")]
    }
    report = (
        _client(t.reader)
        .post("/api/v1/water/readings/batch/", batch, format="json", HTTP_ACCEPT_LANGUAGE="bn")
        .json()
    )
    assert [r["outcome"] for r in report["rows"]] == ["created", "refused"]
    assert report["rows"][1]["error"]["code"] == "connection_not_metered"
    assert "মিটার" in report["rows"][1]["error"]["message"]


def _refused(client, body, code, status, language="en"):
    before = Reading.objects.count()
    answer = client.post(
        "/api/v1/water/readings/", body, format="json", HTTP_ACCEPT_LANGUAGE=language
    )
    assert answer.status_code == status, answer.content
    assert answer.json()["error"]["code"] == code
    assert Reading.objects.count() == before
    return answer.json()["error"]["message"]


def test_refusals_are_bilingual_4xx_and_write_nothing(t):
    conn = helpers.connection(t, metered=True)
    reader = _client(t.reader)
    future = {**_row(conn, LAST, 10), "reading_date": str(TODAY + timedelta(days=1))}
    assert "future" in _refused(reader, future, "reading_in_future", 400)
    assert "ভবিষ্যতের" in _refused(reader, future, "reading_in_future", 400, "bn")
    next_month = _row(conn, add_months(month_of(TODAY), 1), 10)
    _refused(reader, next_month, "period_in_future", 400)

    assert (
        reader.post(
            "/api/v1/water/readings/", _row(conn, add_months(LAST, -1), 100), format="json"
        ).status_code
        == 201
    )
    _refused(reader, _row(conn, add_months(LAST, -1), 120), "second_reading", 409)
    message = _refused(reader, _row(conn, LAST, 90), "reading_below_last", 400, "bn")
    assert "রোলওভার" in message
    # 100 kL in the first month; cap = 10 x 100 = 1,000: 1,200 more is over it
    _refused(reader, _row(conn, LAST, 1300), "over_sanity_cap", 400)
    _refused(
        reader, _row(conn, LAST, 1300, override=True), "over_sanity_cap", 403
    )  # a reader cannot
    confirmed = _client(t.superintendent).post(
        "/api/v1/water/readings/", _row(conn, LAST, 1300, override=True), format="json"
    )
    assert confirmed.status_code == 201 and confirmed.json()["consumption_kl"] == "1200.000"

    flat = helpers.connection(t)
    _refused(reader, _row(flat, LAST, 10), "connection_not_metered", 409)
    cut = helpers.connection(t, metered=True, status=ConnectionStatus.DISCONNECTED)
    _refused(reader, _row(cut, LAST, 10), "connection_not_active", 409)


def test_reader_of_another_pourashava_is_refused(t):
    conn = helpers.connection(t, metered=True)
    other = helpers.town(code="GOP", mobile="01711000002")
    stranger = _client(other.reader)
    answer = stranger.post("/api/v1/water/readings/", _row(conn, LAST, 10), format="json")
    assert answer.status_code == 404  # not even told the connection exists
    report = stranger.post(
        "/api/v1/water/readings/batch/",
        {"readings": [_row(conn, LAST, 10, client_id="x")]},
        format="json",
    ).json()
    assert report["rows"][0]["error"]["code"] == "reading_outside_pourashava"
    assert report["rows"][0]["error"]["status"] == 403
    assert not Reading.objects.exists()


def test_rollover_and_replacement(t):
    conn = helpers.connection(t, metered=True)
    Meter.objects.filter(connection=conn).update(initial_reading=D("99980"))
    reader = _client(t.reader)
    rolled = reader.post(
        "/api/v1/water/readings/",
        _row(conn, add_months(LAST, -1), 15, status="rollover"),
        format="json",
    )
    assert rolled.status_code == 201 and rolled.json()["consumption_kl"] == "35.000"
    old = Meter.objects.get(connection=conn)
    old.final_reading, old.status, old.removed_on = D("30"), MeterStatus.REMOVED, TODAY
    old.save()
    Meter.objects.create(
        pourashava=t.pourashava,
        connection=conn,
        serial="NEW-1",
        installed_on=TODAY,
        initial_reading=D("2"),
    )
    replaced = reader.post("/api/v1/water/readings/", _row(conn, LAST, 10), format="json").json()
    assert (replaced["status"], replaced["consumption_kl"]) == ("replaced", "23.000")  # 15 + 8


def test_estimate_is_trued_up_by_the_next_real_reading(t):
    from services.water_billing.services.readings import make_estimate

    conn = helpers.connection(t, metered=True)
    _history(conn, t, [20, 45, 75])  # 20, 25, 30 kL
    estimated = make_estimate(conn, add_months(LAST, 0))
    assert estimated.consumption_kl == D("25.000") and estimated.status == "estimated"
    conn2 = helpers.connection(t, metered=True)
    _history(conn2, t, [20, 45, 75])
    make_estimate(conn2, add_months(LAST, -0))
    # the month after the estimate is not over yet here, so true up in LAST's place on conn3
    conn3 = helpers.connection(t, metered=True)
    reader = _client(t.reader)
    for months_back, value in ((4, 20), (3, 45), (2, 75)):
        assert (
            reader.post(
                "/api/v1/water/readings/",
                _row(conn3, add_months(LAST, -months_back), value),
                format="json",
            ).status_code
            == 201
        )
    make_estimate(conn3, add_months(LAST, -1))  # 25 estimated
    real = reader.post("/api/v1/water/readings/", _row(conn3, LAST, 135), format="json").json()
    assert real["consumption_kl"] == "35.000"  # 60 since the last real reading, less 25 billed


def test_office_csv_import_reports_each_row(t):
    conns = [helpers.connection(t, metered=True) for _ in range(2)]
    text = "connection,period,reading_date,reading\n"
    text += f"{conns[0].number},{label(LAST)},{TODAY},১২\n"  # Bangla digits accepted
    text += f"{conns[1].number},{label(LAST)},not-a-date,5\n"
    text += f"NOPE-1,{label(LAST)},{TODAY},5\n"
    upload = SimpleUploadedFile("readings.csv", text.encode(), content_type="text/csv")
    report = (
        _client(t.reader)
        .post("/api/v1/water/readings/import/", {"file": upload}, format="multipart")
        .json()
    )
    assert [r["outcome"] for r in report["rows"]] == ["created", "refused", "refused"]
    assert [r["error"]["code"] for r in report["rows"][1:]] == ["bad_row", "unknown_connection"]
    assert Reading.objects.get().reading == D("12")


def test_a_clerk_cannot_record_readings(t):
    conn = helpers.connection(t, metered=True)
    clerk = _client(staff_member(Role.CERTIFICATE_OFFICER, t.pourashava))
    assert (
        clerk.post("/api/v1/water/readings/", _row(conn, LAST, 10), format="json").status_code
        == 403
    )
