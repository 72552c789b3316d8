"""Fixtures for the upload tests: storage in a temporary directory, and real files built here."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """Files land in a temporary directory on the local file system, never in the repository
    (or a bucket), whatever STORAGE_BACKEND the environment names."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return root


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def image_bytes(fmt: str, size: tuple[int, int] = (8, 6), colour: str = "green") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    """A tiny real one-page PDF (Pillow writes it)."""
    return image_bytes("PDF", (20, 20), "white")


def padded_pdf(total: int) -> bytes:
    """A real PDF made `total` bytes long by a comment just before its final %%EOF (offsets in
    its cross-reference table stay right)."""
    pdf = pdf_bytes()
    cut = pdf.rindex(b"%%EOF")
    filler = total - len(pdf) - 2
    assert filler >= 0
    return pdf[:cut] + b"%" + b"x" * filler + b"\n" + pdf[cut:]


def png_bytes(**kwargs) -> bytes:
    return image_bytes("PNG", **kwargs)


def jpeg_bytes(**kwargs) -> bytes:
    return image_bytes("JPEG", **kwargs)


def webp_bytes(**kwargs) -> bytes:
    return image_bytes("WEBP", **kwargs)


def uploaded(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


class Clock:
    """Stands in for django.utils.timezone.now; `advance(hours=...)` moves time on."""

    def __init__(self) -> None:
        self.now = timezone.now()

    def __call__(self):
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(timezone, "now", fake)
    return fake
