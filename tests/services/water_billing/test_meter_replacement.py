"""Meter replacement through the staff API and the panel (the old meter's final reading, the new
one's first; the next reading counts both), each bad input a bilingual 4xx that writes nothing;
and the meter photo: only a meter photo the reader uploaded may go on a reading."""

import io
import uuid
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from backend.identity.models import Role
from backend.uploads.models import Upload
from services.water_billing.models import Meter, MeterStatus, Reading
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


def _read(client, conn, period, value, **extra):
    body = {
        "connection": conn.number,
        "period": label(period),
        "reading_date": str(TODAY),
        "reading": str(value),
        **extra,
    }
    return client.post("/api/v1/water/readings/", body, format="json", HTTP_ACCEPT_LANGUAGE="bn")


def _replace(client, conn, **body):
    return client.post(
        f"/api/v1/staff/water/connections/{conn.number}/meter/",
        body,
        format="json",
        HTTP_ACCEPT_LANGUAGE="bn",
    )


@pytest.fixture
def t():
    return helpers.town()


def test_replacement_then_the_next_reading_counts_both_meters(t):
    conn = helpers.connection(t, metered=True)
    reader = _client(t.reader)
    assert _read(reader, conn, add_months(LAST, -1), 100).status_code == 201
    replaced = _replace(reader, conn, final_reading="130", serial="NEW-77", initial_reading="2")
    assert replaced.status_code == 201, replaced.content
    assert replaced.json()["serial"] == "NEW-77"
    old, new = Meter.objects.filter(connection=conn).order_by("id")
    assert (old.status, old.final_reading, old.removed_on) == (MeterStatus.REMOVED, D(130), TODAY)
    assert (new.status, new.initial_reading) == (MeterStatus.WORKING, D(2))
    after = _read(reader, conn, LAST, 10).json()
    assert (after["status"], after["consumption_kl"]) == ("replaced", "38.000")  # 30 + 8


def test_replaced_before_its_first_reading_counts_the_old_meters_whole_run(t):
    conn = helpers.connection(t, metered=True)  # installed at 0, never read
    reader = _client(t.reader)
    assert _replace(reader, conn, final_reading="20", serial="N2", initial_reading="5").status_code
    below = _read(reader, conn, LAST, 4)  # under the new meter's first reading
    assert below.status_code == 400 and below.json()["error"]["code"] == "reading_below_last"
    first = _read(reader, conn, LAST, 12).json()
    assert (first["status"], first["consumption_kl"]) == ("replaced", "27.000")  # 20 + 7


@pytest.mark.parametrize(
    "body, code, field",
    [
        ({"final_reading": "90", "serial": "N1"}, "meter_final_below_last", "final_reading"),
        ({"final_reading": "100000", "serial": "N1"}, "meter_final_over_dial", "final_reading"),
        (
            {"final_reading": "120", "serial": "N1", "installed_on": "2999-01-01"},
            "meter_installed_in_future",
            "installed_on",
        ),
        ({"final_reading": "120", "serial": "SAME"}, "meter_same_serial", "serial"),
        ({"serial": "N1"}, "validation_failed", "final_reading"),
    ],
)
def test_bad_replacements_are_refused_in_bangla_and_write_nothing(t, body, code, field):
    conn = helpers.connection(t, metered=True)
    Meter.objects.filter(connection=conn).update(serial="SAME")
    reader = _client(t.reader)
    assert _read(reader, conn, add_months(LAST, -1), 100).status_code == 201
    answer = _replace(reader, conn, **body)
    assert answer.status_code == 400, answer.content
    error = answer.json()["error"]
    assert error["code"] == code and field in error["fields"]
    assert any("\u0980" <= ch <= "\u09ff" for ch in error["message"])  # Bangla
    assert list(Meter.objects.filter(connection=conn).values_list("status", flat=True)) == [
        "working"
    ]


def test_unmetered_connection_and_another_pourashavas_reader(t):
    flat = helpers.connection(t)
    reader = _client(t.reader)
    refused = _replace(reader, flat, final_reading="1", serial="N1")
    assert (
        refused.status_code == 409 and refused.json()["error"]["code"] == "connection_not_metered"
    )
    conn = helpers.connection(t, metered=True)
    outsider = helpers.town(code="OTH", mobile="01711000002").reader
    assert _replace(_client(outsider), conn, final_reading="1", serial="N1").status_code == 404
    clerk = _client(t.clerk)  # not a meter role
    assert _replace(clerk, conn, final_reading="1", serial="N1").status_code == 403
    assert Meter.objects.filter(connection=conn).count() == 1


def test_replacement_from_the_panel(t, client):
    conn = helpers.connection(t, metered=True)
    client.force_login(t.superintendent)
    url = f"/admin/water_billing/connection/{conn.pk}/replace-meter/"
    assert client.get(url).status_code == 200
    change = client.get(f"/admin/water_billing/connection/{conn.pk}/change/").content.decode()
    assert "replace-meter" in change
    done = client.post(url, {"final_reading": "5", "serial": "PANEL-1", "initial_reading": "0"})
    assert done.status_code == 302
    assert Meter.objects.filter(connection=conn, status="working").get().serial == "PANEL-1"
    again = client.post(url, {"final_reading": "5", "serial": "PANEL-1", "initial_reading": "0"})
    assert again.status_code == 200 and "errorlist" in again.content.decode()  # same serial
    assert Meter.objects.filter(connection=conn).count() == 2
    other = helpers.town(code="OTH", mobile="01711000002")
    client.force_login(other.superintendent)
    assert client.get(url).status_code == 404


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return SimpleUploadedFile("dial.png", buffer.getvalue(), content_type="image/png")


def test_a_reading_takes_only_the_readers_own_meter_photo(t, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    conn = helpers.connection(t, metered=True)
    reader = _client(t.reader)
    uploaded = reader.post("/api/v1/water/readings/photos/", {"file": _png()}, format="multipart")
    assert uploaded.status_code == 201, uploaded.content
    photo = uploaded.json()["id"]
    assert Upload.objects.get(public_id=photo).purpose == "water_meter_photo"

    colleague = staff_member(Role.METER_READER, t.pourashava)
    theirs = _read(_client(colleague), conn, LAST, 12, photo=photo)
    assert theirs.status_code == 400 and theirs.json()["error"]["code"] == "meter_photo_unknown"
    unknown = _read(reader, conn, LAST, 12, photo=str(uuid.uuid4()))
    assert unknown.json()["error"]["code"] == "meter_photo_unknown"
    other = Upload.objects.create(
        uploaded_by=t.reader,
        purpose="other",
        file="uploads/x.png",
        original_name="x.png",
        content_type="image/png",
        size=1,
        sha256="0" * 64,
    )
    wrong = _read(reader, conn, LAST, 12, photo=str(other.public_id))
    assert wrong.status_code == 400
    assert wrong.json()["error"]["code"] == "meter_photo_wrong_purpose"
    assert "photo" in wrong.json()["error"]["fields"]
    assert not Reading.objects.exists()

    good = _read(reader, conn, LAST, 12, photo=photo)
    assert good.status_code == 201
    assert Reading.objects.get().photo.public_id == uuid.UUID(photo)
