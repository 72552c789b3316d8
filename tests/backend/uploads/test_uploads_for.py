"""uploads_for: a service resolves the ids a citizen sends to that citizen's own uploads, and
learns nothing about anyone else's."""

import uuid

import pytest

from backend.common.errors import AppError, NotFound
from backend.common.text import Text
from backend.uploads.purposes import register_upload_purpose
from backend.uploads.services import store_upload, uploads_for
from tests.backend.uploads.conftest import jpeg_bytes, pdf_bytes, uploaded
from tests.factories import CitizenFactory, UserFactory

pytestmark = pytest.mark.django_db

register_upload_purpose(
    "test_holding_photo", Text(en="Holding photo (test)", bn="হোল্ডিংয়ের ছবি (পরীক্ষা)"), {"jpeg"}
)


def upload_of(citizen, purpose="other"):
    name, content = ("front.jpg", jpeg_bytes()) if purpose != "other" else ("d.pdf", pdf_bytes())
    return store_upload(
        file=uploaded(name, content), uploaded_by=citizen.user, owner=citizen, purpose=purpose
    )


@pytest.fixture
def citizen():
    return CitizenFactory()


def test_own_uploads_come_back_in_the_order_asked(citizen):
    first, second, third = upload_of(citizen), upload_of(citizen), upload_of(citizen)
    asked = [str(third.public_id), first.public_id, str(second.public_id)]
    assert uploads_for(citizen=citizen, public_ids=asked) == [third, first, second]
    # An id given twice comes back once.
    twice = [first.public_id, first.public_id]
    assert uploads_for(citizen=citizen, public_ids=twice) == [first]


def test_someone_elses_upload_is_not_found(citizen):
    mine = upload_of(citizen)
    theirs = upload_of(CitizenFactory())
    with pytest.raises(NotFound) as foreign:
        uploads_for(citizen=citizen, public_ids=[mine.public_id, theirs.public_id])
    with pytest.raises(NotFound) as unknown:
        uploads_for(citizen=citizen, public_ids=[mine.public_id, uuid.uuid4()])
    # The same answer for "not yours" as for "no such id": nothing to learn by probing.
    assert foreign.value.code == unknown.value.code == "upload_not_found"
    assert foreign.value.render_message("en") == unknown.value.render_message("en")


@pytest.mark.parametrize("bad", ["not-a-uuid", "", "1", "' OR 1=1 --"])
def test_malformed_ids_are_not_found(citizen, bad):
    with pytest.raises(NotFound):
        uploads_for(citizen=citizen, public_ids=[bad])


def test_purpose_must_match(citizen):
    photo = upload_of(citizen, "test_holding_photo")
    other = upload_of(citizen)
    assert uploads_for(citizen=citizen, public_ids=[photo.public_id], purpose="test_holding_photo")
    with pytest.raises(AppError) as caught:
        uploads_for(
            citizen=citizen,
            public_ids=[photo.public_id, other.public_id],
            purpose="test_holding_photo",
        )
    assert caught.value.code == "upload_purpose_mismatch"
    assert caught.value.status_code == 400


def test_no_ids_is_no_uploads(citizen):
    assert uploads_for(citizen=citizen, public_ids=[]) == []


def test_no_citizen_finds_nothing_not_even_staff_files_that_have_no_owner():
    # A caller that lost its citizen (None) must not match the owner-less staff-side files.
    staff_file = store_upload(
        file=uploaded("site-visit.pdf", pdf_bytes()),
        uploaded_by=UserFactory(is_staff=True),
        owner=None,
        purpose="other",
    )
    with pytest.raises(NotFound):
        uploads_for(citizen=None, public_ids=[staff_file.public_id])
