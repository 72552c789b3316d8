"""store_upload: what is accepted is stored exactly (read back through storage, same SHA-256);
every refusal has its own code and leaves nothing behind, neither a file nor a row."""

import hashlib
import io
import re

import pytest
from django.core.files.storage import default_storage
from PIL import Image, ImageFile, PngImagePlugin

from backend.common.errors import AppError
from backend.common.text import Text
from backend.uploads.models import Upload
from backend.uploads.purposes import register_upload_purpose
from backend.uploads.services import store_upload
from tests.backend.uploads.conftest import (
    jpeg_bytes,
    padded_pdf,
    pdf_bytes,
    png_bytes,
    stored_files,
    uploaded,
    webp_bytes,
)
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

PDF_ONLY = register_upload_purpose(
    "test_deed_pdf", Text(en="Deed (test)", bn="দলিল (পরীক্ষা)"), {"pdf"}, max_bytes=4000
)
WEBP_PHOTO = register_upload_purpose(
    "test_photo_webp", Text(en="Photo (test)", bn="ছবি (পরীক্ষা)"), {"jpeg", "webp"}
)


@pytest.fixture
def citizen():
    return CitizenFactory()


def store(citizen, name, content, purpose="other", **kwargs):
    return store_upload(
        file=uploaded(name, content, **kwargs),
        uploaded_by=citizen.user,
        owner=citizen,
        purpose=purpose,
    )


def refusal(citizen, name, content, purpose="other") -> AppError:
    with pytest.raises(AppError) as caught:
        store(citizen, name, content, purpose)
    return caught.value


@pytest.mark.parametrize(
    ("name", "build", "content_type", "extension"),
    [
        ("Death Certificate.PDF", pdf_bytes, "application/pdf", ".pdf"),
        ("photo.jpeg", jpeg_bytes, "image/jpeg", ".jpg"),
        ("photo.jpg", jpeg_bytes, "image/jpeg", ".jpg"),
        ("plan.png", png_bytes, "image/png", ".png"),
    ],
)
def test_accepted_files_are_stored_exactly(
    citizen, media_root, name, build, content_type, extension
):
    content = build()
    upload = store(citizen, name, content)

    upload.refresh_from_db()
    assert upload.owner == citizen
    assert upload.uploaded_by == citizen.user
    assert upload.purpose == "other"
    assert upload.original_name == name
    assert upload.content_type == content_type
    assert upload.size == len(content)
    assert upload.sha256 == hashlib.sha256(content).hexdigest()
    # The stored name is random, dated, and carries the detected kind's extension.
    assert re.fullmatch(rf"uploads/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\{extension}", upload.file.name)
    assert str(upload.public_id) not in upload.file.name
    with default_storage.open(upload.file.name, "rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == upload.sha256
    assert len(stored_files(media_root)) == 1


def test_webp_is_accepted_where_a_purpose_allows_it(citizen):
    upload = store(citizen, "roof.webp", webp_bytes(), purpose="test_photo_webp")
    assert upload.content_type == "image/webp"
    # ...but not for "other", which takes PDF, JPEG and PNG only.
    assert refusal(citizen, "roof.webp", webp_bytes()).code == "upload_type_not_allowed"


def test_content_type_is_detected_not_taken_from_the_client(citizen):
    upload = store(citizen, "scan.png", png_bytes(), content_type="text/html")
    assert upload.content_type == "image/png"


def test_too_large_is_refused_and_nothing_is_stored(citizen, media_root, settings):
    settings.UPLOAD_MAX_BYTES = 3000
    error = refusal(citizen, "big.pdf", padded_pdf(3001))  # a real PDF padded past the limit
    assert error.code == "upload_too_large"
    assert error.status_code == 413
    assert stored_files(media_root) == []
    assert Upload.objects.count() == 0

    # Exactly at the limit is fine.
    assert store(citizen, "fits.pdf", padded_pdf(3000)).size == 3000


def test_a_purpose_may_lower_the_size_limit(citizen, media_root):
    content = padded_pdf(4001)
    assert refusal(citizen, "deed.pdf", content, "test_deed_pdf").code == "upload_too_large"
    assert stored_files(media_root) == []
    assert store(citizen, "deed.pdf", content, "other").size == len(content)


def test_a_declared_size_is_not_trusted(citizen, media_root, settings):
    settings.UPLOAD_MAX_BYTES = 3000
    file = uploaded("big.pdf", padded_pdf(3001))
    file.size = 10  # a handler or a caller that got the size wrong
    with pytest.raises(AppError) as caught:
        store_upload(file=file, uploaded_by=citizen.user, owner=citizen, purpose="other")
    assert caught.value.code == "upload_too_large"
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'),
        ("no-extension", pdf_bytes()),
        ("archive.pdf.zip", b"PK\x03\x04" + b"\x00" * 30),
    ],
)
def test_other_kinds_of_file_are_refused(citizen, media_root, name, content):
    assert refusal(citizen, name, content).code == "upload_type_not_allowed"
    assert stored_files(media_root) == []
    assert Upload.objects.count() == 0


def test_a_kind_the_purpose_does_not_take_is_refused(citizen):
    error = refusal(citizen, "deed.png", png_bytes(), "test_deed_pdf")
    assert error.code == "upload_type_not_allowed"
    assert "PDF" in error.render_message("en")
    assert "PNG" not in error.render_message("en")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("certificate.pdf", png_bytes()),  # a PNG renamed .pdf
        ("photo.jpg", b"this is not a photo at all, just text"),
        ("photo.jpg", png_bytes()),
        ("plan.png", jpeg_bytes()),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x13\x37" * 200),  # JPEG magic, then garbage
        ("plan.png", png_bytes(size=(64, 64))[:60]),  # a real PNG, cut short
        ("photo.jpg", jpeg_bytes(size=(64, 64))[:-200]),  # a real JPEG, cut short
        ("photo.jpg", jpeg_bytes(size=(64, 64))[:-2]),  # ...by only its end marker
        ("roof.png", png_bytes()[:-12]),  # a PNG without its IEND chunk
        ("deed.pdf", pdf_bytes()[: len(pdf_bytes()) // 2]),  # half a PDF (an upload cut off)
    ],
)
def test_content_that_is_not_what_the_name_says_is_refused(
    citizen, media_root, monkeypatch, name, content
):
    # As in production, where WeasyPrint switches this on for the whole process.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    error = refusal(citizen, name, content)
    assert error.code == "upload_content_mismatch"
    assert stored_files(media_root) == []
    assert Upload.objects.count() == 0


def test_camera_variants_are_accepted(citizen):
    """Progressive JPEGs, EXIF (with its own end markers inside), bytes a phone appends after
    the image, and PNGs with extra chunks are all ordinary files from real devices."""
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    Image.new("RGB", (40, 30), "blue").save(buffer, "JPEG", progressive=True, exif=exif)
    progressive = buffer.getvalue()
    assert store(citizen, "p.jpg", progressive).content_type == "image/jpeg"
    assert store(citizen, "trailer.jpg", progressive + b"SEFHtrailer\x00\x01").size > 0

    buffer = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "scanned at the pourashava office")
    Image.new("L", (10, 10), 128).save(buffer, "PNG", pnginfo=info)
    assert store(citizen, "scan.png", buffer.getvalue()).content_type == "image/png"


def test_empty_file_is_refused(citizen, media_root):
    assert refusal(citizen, "empty.pdf", b"").code == "upload_empty"
    assert stored_files(media_root) == []


def test_unknown_purpose_is_refused(citizen, media_root):
    error = refusal(citizen, "deed.pdf", pdf_bytes(), "no_such_purpose")
    assert error.code == "upload_purpose_unknown"
    assert error.status_code == 400
    assert stored_files(media_root) == []


def test_an_image_with_too_many_pixels_is_refused_before_decoding(citizen, settings, media_root):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 1_000_000
    content = png_bytes(size=(1001, 1000))  # compresses to a few kilobytes
    assert len(content) < 20_000
    assert refusal(citizen, "plan.png", content).code == "upload_too_large"
    assert stored_files(media_root) == []


def test_if_the_row_cannot_be_written_the_file_is_removed(citizen, media_root, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Upload, "save", fail)
    with pytest.raises(RuntimeError):
        store(citizen, "deed.pdf", pdf_bytes())
    assert stored_files(media_root) == []


def test_staff_may_store_a_file_that_belongs_to_no_citizen(media_root):
    from tests.factories import UserFactory

    clerk = UserFactory(is_staff=True)
    upload = store_upload(
        file=uploaded("site-visit.jpg", jpeg_bytes()),
        uploaded_by=clerk,
        owner=None,
        purpose="other",
    )
    assert upload.owner is None
    assert upload.uploaded_by == clerk
    assert len(stored_files(media_root)) == 1


def test_messages_are_bilingual(citizen, settings):
    settings.UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    error = refusal(citizen, "big.pdf", padded_pdf(5 * 1024 * 1024 + 1))
    assert error.render_message("en") == "The file is too large. The largest allowed is 5 MB."
    assert error.render_message("bn") == "ফাইলটি অনেক বড়। সর্বোচ্চ ৫ মেগাবাইট দেওয়া যায়।"
