"""The daily quota: a citizen cannot store unbounded files. Counted per owner over a rolling 24
hours, in files and in bytes; refusals store nothing and say when to try again."""

import pytest

from backend.common.errors import TooManyRequests
from backend.uploads.models import Upload
from backend.uploads.services import store_upload
from tests.backend.uploads.conftest import padded_pdf, png_bytes, stored_files, uploaded
from tests.factories import CitizenFactory, UserFactory

pytestmark = pytest.mark.django_db


def store(citizen, *, by=None):
    return store_upload(
        file=uploaded("scan.png", png_bytes()),
        uploaded_by=by or citizen.user,
        owner=citizen,
        purpose="other",
    )


def test_file_count_per_day(settings, clock, media_root):
    settings.UPLOAD_DAILY_MAX_FILES = 3
    citizen = CitizenFactory()
    for _ in range(3):
        store(citizen)
        clock.advance(hours=1)

    with pytest.raises(TooManyRequests) as caught:
        store(citizen)
    assert caught.value.code == "upload_quota_exceeded"
    assert caught.value.status_code == 429
    # The first upload leaves the window 24 hours after it was made: 21 hours from now.
    assert 21 * 3600 <= caught.value.retry_after <= 21 * 3600 + 1
    assert Upload.objects.count() == 3
    assert len(stored_files(media_root)) == 3

    clock.advance(hours=21, seconds=1)
    assert store(citizen).owner == citizen


def test_bytes_per_day(settings, media_root):
    settings.UPLOAD_DAILY_MAX_BYTES = 10_000
    citizen = CitizenFactory()

    def store_pdf(size):
        return store_upload(
            file=uploaded("deed.pdf", padded_pdf(size)),
            uploaded_by=citizen.user,
            owner=citizen,
            purpose="other",
        )

    store_pdf(6000)
    with pytest.raises(TooManyRequests):
        store_pdf(4001)
    assert len(stored_files(media_root)) == 1
    # What still fits is accepted.
    assert store_pdf(4000).size == 4000


def test_quota_is_the_citizens_whoever_uploads_for_them(settings):
    """An operator uploading for a citizen uses that citizen's quota, not a fresh one."""
    settings.UPLOAD_DAILY_MAX_FILES = 2
    citizen, neighbour = CitizenFactory(), CitizenFactory()
    operator = UserFactory(is_staff=True)
    store(citizen)
    store(citizen, by=operator)
    with pytest.raises(TooManyRequests):
        store(citizen, by=operator)
    # Another citizen's quota is untouched.
    assert store(neighbour).owner == neighbour


def test_uploads_without_an_owner_count_against_the_uploader(settings):
    settings.UPLOAD_DAILY_MAX_FILES = 1
    clerk, other_clerk = UserFactory(is_staff=True), UserFactory(is_staff=True)

    def staff_store(user):
        return store_upload(
            file=uploaded("site.png", png_bytes()), uploaded_by=user, owner=None, purpose="other"
        )

    staff_store(clerk)
    with pytest.raises(TooManyRequests):
        staff_store(clerk)
    assert staff_store(other_clerk).uploaded_by == other_clerk
