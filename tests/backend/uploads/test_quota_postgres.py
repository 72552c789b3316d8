"""The daily quota under real concurrency: uploads arriving at once cannot together pass the
limit, and the refused ones leave no file behind."""

import threading

import pytest
from django.db import connection

from backend.common.errors import AppError
from backend.uploads.models import Upload
from backend.uploads.services import store_upload
from tests.backend.uploads.conftest import png_bytes, stored_files, uploaded
from tests.factories import CitizenFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent writers (run with DATABASE_URL=postgres://...)")


def test_concurrent_uploads_stop_at_the_limit(settings, media_root):
    settings.UPLOAD_DAILY_MAX_FILES = 3
    citizen = CitizenFactory()
    content = png_bytes()
    count = 8
    barrier = threading.Barrier(count)
    results: list[str] = []
    lock = threading.Lock()

    def attempt():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            store_upload(
                file=uploaded("p.png", content),
                uploaded_by=citizen.user,
                owner=citizen,
                purpose="other",
            )
            outcome = "ok"
        except AppError as exc:
            outcome = exc.code
        finally:
            thread_connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=attempt) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["ok"] * 3 + ["upload_quota_exceeded"] * 5
    assert Upload.objects.filter(owner=citizen).count() == 3
    assert len(stored_files(media_root)) == 3
