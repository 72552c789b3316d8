"""Uploads in the admin: superusers only, read-only, with the file served through Django."""

import hashlib

import pytest
from django.test import Client

from backend.identity.models import Role
from backend.uploads.services import store_upload
from tests.backend.uploads.conftest import pdf_bytes, uploaded
from tests.factories import CitizenFactory, PourashavaFactory, UserFactory, staff_member

pytestmark = pytest.mark.django_db

ADMIN = "/admin/uploads/upload/"


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def upload():
    citizen = CitizenFactory()
    return store_upload(
        file=uploaded("deed.pdf", pdf_bytes()),
        uploaded_by=citizen.user,
        owner=citizen,
        purpose="other",
    )


def test_superuser_sees_the_upload_and_opens_its_file(upload):
    root = browser(UserFactory(is_staff=True, is_superuser=True))
    assert root.get(ADMIN).status_code == 200
    page = root.get(f"{ADMIN}{upload.pk}/change/")
    assert page.status_code == 200
    link = f"{ADMIN}{upload.pk}/file/"
    assert link.encode() in page.content
    served = root.get(link)
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    # The same safe headers as the owner's download: never sniffed into HTML, never run.
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]
    assert "no-store" in served["Cache-Control"]
    served_hash = hashlib.sha256(b"".join(served.streaming_content)).hexdigest()
    assert served_hash == upload.sha256


def test_search_by_id_hash_or_mobile(upload):
    root = browser(UserFactory(is_staff=True, is_superuser=True))
    for term in (str(upload.public_id), upload.sha256, upload.owner.mobile):
        page = root.get(ADMIN, {"q": term})
        assert page.status_code == 200
        assert str(upload.public_id).encode() in page.content
    page = root.get(ADMIN, {"q": "not an id"})
    assert page.status_code == 200
    assert str(upload.public_id).encode() not in page.content


def test_nothing_can_be_added_changed_or_deleted(upload):
    root = browser(UserFactory(is_staff=True, is_superuser=True))
    assert root.get(f"{ADMIN}add/").status_code == 403
    assert root.post(f"{ADMIN}{upload.pk}/change/", {"purpose": "x"}).status_code == 403
    assert root.post(f"{ADMIN}{upload.pk}/delete/", {"post": "yes"}).status_code == 403
    upload.refresh_from_db()
    assert upload.purpose == "other"


def test_clerks_do_not_see_uploads(upload):
    secretary = browser(staff_member(Role.SECRETARY, PourashavaFactory()))
    assert secretary.get(ADMIN).status_code == 403
    assert secretary.get(f"{ADMIN}{upload.pk}/file/").status_code == 403
    assert b"uploads/upload" not in secretary.get("/admin/").content
