"""The citizen API: upload, list, download. Owners only; operators in an assisted session act
for the citizen (and it is recorded); refusals are clear codes in the caller's language."""

import hashlib
import uuid

import pytest
from rest_framework.test import APIClient

from backend.identity.models import AssistedAction
from backend.uploads.models import Upload
from tests.backend.identity.factories import AssistedSessionFactory, udc_operator
from tests.backend.uploads.conftest import (
    jpeg_bytes,
    padded_pdf,
    pdf_bytes,
    png_bytes,
    stored_files,
    uploaded,
)
from tests.factories import CitizenFactory, PourashavaFactory, UserFactory

pytestmark = pytest.mark.django_db

UPLOADS = "/api/v1/me/uploads/"


def client_for(user, **headers) -> APIClient:
    client = APIClient(**headers)
    client.force_authenticate(user)
    return client


def post(client, name, content, purpose="other", **extra):
    return client.post(
        UPLOADS, {"file": uploaded(name, content), "purpose": purpose}, format="multipart", **extra
    )


@pytest.fixture
def citizen():
    return CitizenFactory()


def test_citizen_uploads_and_downloads_their_file(citizen, media_root):
    client = client_for(citizen.user)
    content = pdf_bytes()
    response = post(client, "মৃত্যু সনদ.pdf", content)

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "purpose", "content_type", "size", "name", "created_at"}
    assert body["purpose"] == "other"
    assert body["content_type"] == "application/pdf"
    assert body["size"] == len(content)
    assert body["name"] == "মৃত্যু সনদ.pdf"
    upload = Upload.objects.get(public_id=body["id"])
    assert upload.owner == citizen
    assert upload.uploaded_by == citizen.user

    download = client.get(f"{UPLOADS}{body['id']}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]
    assert download["Content-Disposition"].startswith("inline")
    downloaded = b"".join(download.streaming_content)
    assert hashlib.sha256(downloaded).hexdigest() == hashlib.sha256(content).hexdigest()


def test_the_file_goes_out_whatever_the_client_accepts(citizen):
    client = client_for(citizen.user)
    created = post(client, "p.png", png_bytes()).json()
    download = client.get(f"{UPLOADS}{created['id']}/", HTTP_ACCEPT="image/png")
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"


def test_someone_else_gets_404(citizen):
    created = post(client_for(citizen.user), "p.jpg", jpeg_bytes()).json()
    stranger = client_for(CitizenFactory().user)

    response = stranger.get(f"{UPLOADS}{created['id']}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "upload_not_found"
    # Exactly the answer for an id that does not exist.
    missing = stranger.get(f"{UPLOADS}{uuid.uuid4()}/")
    assert missing.status_code == 404
    assert missing.json() == response.json()
    # And their list does not show it.
    assert stranger.get(UPLOADS).json()["results"] == []


def test_staff_without_a_session_and_anonymous_callers_get_nothing(citizen):
    created = post(client_for(citizen.user), "p.jpg", jpeg_bytes()).json()
    url = f"{UPLOADS}{created['id']}/"
    assert APIClient().get(url).status_code == 401
    clerk = client_for(UserFactory(is_staff=True))
    assert clerk.get(url).status_code == 403
    assert post(clerk, "p.jpg", jpeg_bytes()).status_code == 403


def test_operator_in_an_assisted_session_uploads_for_the_citizen(citizen, media_root):
    natore = PourashavaFactory()
    operator, centre = udc_operator(natore)
    session = AssistedSessionFactory(
        operator=operator, udc_centre=centre, pourashava=natore, citizen=citizen
    )
    client = client_for(operator, HTTP_X_ASSISTED_SESSION=str(session.pk))

    response = post(client, "deed.pdf", pdf_bytes())
    assert response.status_code == 201, response.content
    upload = Upload.objects.get(public_id=response.json()["id"])
    assert upload.owner == citizen
    assert upload.uploaded_by == operator
    action = AssistedAction.objects.get(session=session)
    assert action.action == "upload.other"
    assert action.citizen == citizen
    assert action.object_id == str(upload.public_id)

    # The citizen sees it as their own; the operator can open it while the session lasts.
    mine = client_for(citizen.user).get(UPLOADS).json()["results"]
    assert [row["id"] for row in mine] == [str(upload.public_id)]
    assert client.get(f"{UPLOADS}{upload.public_id}/").status_code == 200


def test_a_citizen_uploading_for_themselves_records_no_assisted_action(citizen):
    assert post(client_for(citizen.user), "d.pdf", pdf_bytes()).status_code == 201
    assert AssistedAction.objects.count() == 0


def test_refusals_are_explained_in_bangla(citizen, media_root):
    client = client_for(citizen.user, HTTP_ACCEPT_LANGUAGE="bn")

    wrong_type = post(client, "page.html", b"<html></html>")
    assert wrong_type.status_code == 400
    error = wrong_type.json()["error"]
    assert error["code"] == "upload_type_not_allowed"
    assert error["message"].startswith("এখানে এই ধরনের ফাইল নেওয়া হয় না।")

    mismatch = post(client, "certificate.pdf", png_bytes())
    assert mismatch.json()["error"]["code"] == "upload_content_mismatch"
    assert "ফাইলটির ভেতরের তথ্য সঠিক PDF ফাইল নয়" in mismatch.json()["error"]["message"]

    empty = post(client, "empty.pdf", b"")
    assert empty.json()["error"] == {"code": "upload_empty", "message": "ফাইলটি খালি।"}

    unknown = post(client, "deed.pdf", pdf_bytes(), purpose="no_such_purpose")
    assert unknown.status_code == 400
    assert unknown.json()["error"]["code"] == "upload_purpose_unknown"
    assert unknown.json()["error"]["message"] == "অজানা আপলোডের উদ্দেশ্য।"

    assert stored_files(media_root) == []
    assert Upload.objects.count() == 0


def test_missing_fields_are_a_validation_error(citizen):
    response = client_for(citizen.user).post(UPLOADS, {"purpose": "other"}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_failed"
    assert "file" in response.json()["error"]["fields"]


def test_too_large_is_413(citizen, settings, media_root):
    settings.UPLOAD_MAX_BYTES = 3000
    response = post(client_for(citizen.user), "big.pdf", padded_pdf(3001))
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "upload_too_large"
    assert stored_files(media_root) == []


def test_an_oversized_request_is_refused_before_it_is_read(citizen, settings, monkeypatch):
    """Judged by Content-Length alone: the body is never parsed, so never written to disk."""
    from rest_framework.parsers import MultiPartParser

    def must_not_parse(*args, **kwargs):
        raise AssertionError("the body was parsed")

    monkeypatch.setattr(MultiPartParser, "parse", must_not_parse)
    settings.UPLOAD_MAX_BYTES = 3000
    settings.UPLOAD_REQUEST_OVERHEAD_BYTES = 1000
    response = post(client_for(citizen.user), "big.pdf", padded_pdf(20_000))
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "upload_too_large"


def test_quota_is_429_with_retry_after(citizen, settings, media_root):
    settings.UPLOAD_DAILY_MAX_FILES = 2
    client = client_for(citizen.user)
    assert post(client, "a.png", png_bytes()).status_code == 201
    assert post(client, "b.png", png_bytes()).status_code == 201
    refused = post(client, "c.png", png_bytes())
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "upload_quota_exceeded"
    assert 0 < int(refused["Retry-After"]) <= 24 * 3600
    assert len(stored_files(media_root)) == 2


def test_list_filters_by_purpose_newest_first(citizen):
    client = client_for(citizen.user)
    first = post(client, "a.png", png_bytes()).json()
    second = post(client, "b.pdf", pdf_bytes()).json()
    rows = client.get(UPLOADS).json()["results"]
    assert [row["id"] for row in rows] == [second["id"], first["id"]]
    assert client.get(UPLOADS, {"purpose": "nothing_like_it"}).json()["results"] == []


def test_purposes_are_listed_with_their_limits(citizen, settings):
    settings.UPLOAD_MAX_BYTES = 1_000_000
    response = client_for(citizen.user).get("/api/v1/uploads/purposes/")
    assert response.status_code == 200
    other = next(row for row in response.json() if row["code"] == "other")
    assert other["label"] == {"en": "Other document", "bn": "অন্যান্য কাগজ"}
    assert other["content_types"] == ["application/pdf", "image/jpeg", "image/png"]
    assert ".jpg" in other["extensions"]
    assert other["max_bytes"] == 1_000_000
