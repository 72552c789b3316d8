"""Attaching under real concurrency: the same upload sent twice at once (a double tap, a retry)
ends as one attachment and two successful answers, never a server error."""

import threading

import pytest
from django.db import connection

from backend.uploads.services import store_upload
from services.property.models import HoldingAttachment
from services.property.services.attachments import AttachmentInput, attach_to_holding

# media_root (autouse): uploaded files go to a temporary directory, as in the uploads tests.
from tests.backend.uploads.conftest import media_root, png_bytes, uploaded  # noqa: F401
from tests.factories import CitizenFactory, WardFactory
from tests.services.property.helpers import make_holding

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent writers (run with DATABASE_URL=postgres://...)")


def test_the_same_upload_attached_twice_at_once_is_one_attachment():
    holding = make_holding(WardFactory(number=5), number="33")
    owner = CitizenFactory(mobile="01711000001")
    photo = store_upload(
        file=uploaded("front.png", png_bytes()),
        uploaded_by=owner.user,
        owner=owner,
        purpose="holding_photo",
    )
    count = 4
    barrier = threading.Barrier(count)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            attach_to_holding(
                holding=holding,
                citizen=owner,
                actor=owner.user,
                items=[AttachmentInput(upload=str(photo.public_id))],
            )
            outcome = "ok"
        except Exception as exc:  # any failure (IntegrityError...) is the finding
            outcome = type(exc).__name__
        finally:
            thread_connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes == ["ok"] * count
    assert HoldingAttachment.objects.filter(holding=holding, upload=photo).count() == 1
