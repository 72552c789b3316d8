"""Checks a file before anything is stored: not empty, not too large, an allowed kind by name,
content that really is that kind (magic bytes; images must decode with Pillow).

Every refusal is an AppError with a stable code and a Bangla/English message."""

import hashlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files import File
from PIL import Image

from backend.common.digits import to_bangla_digits
from backend.common.errors import AppError
from backend.common.text import Text
from backend.uploads import limits
from backend.uploads.kinds import HEAD_BYTES, FileKind, kind_for_extension, kind_of_content
from backend.uploads.pdf_active import active_content
from backend.uploads.purposes import UploadPurpose
from backend.uploads.structure import is_complete

EMPTY = Text(en="The file is empty.", bn="ফাইলটি খালি।")
TOO_LARGE = Text(
    en="The file is too large. The largest allowed is {mb_en} MB.",
    bn="ফাইলটি অনেক বড়। সর্বোচ্চ {mb_bn} মেগাবাইট দেওয়া যায়।",
)
TOO_MANY_PIXELS = Text(
    en="The image is too large ({mp_en} megapixels at most). Please send a smaller photo.",
    bn="ছবিটি অনেক বড় (সর্বোচ্চ {mp_bn} মেগাপিক্সেল)। অনুগ্রহ করে ছোট ছবি দিন।",
)
TYPE_NOT_ALLOWED = Text(
    en="This kind of file is not accepted here. Accepted: {kinds}.",
    bn="এখানে এই ধরনের ফাইল নেওয়া হয় না। নেওয়া হয়: {kinds}।",
)
PDF_ACTIVE_CONTENT = Text(
    en="This PDF has active content (a script, an automatic action or an embedded file) and "
    "is not accepted. Please save or print it as a plain PDF and send that.",
    bn="এই পিডিএফে সক্রিয় বিষয়বস্তু (স্ক্রিপ্ট, স্বয়ংক্রিয় কাজ বা ভেতরে রাখা ফাইল) আছে, তাই এটি "
    "নেওয়া যাবে না। অনুগ্রহ করে সাধারণ পিডিএফ হিসেবে সংরক্ষণ বা প্রিন্ট করে পাঠান।",
)
CONTENT_MISMATCH = Text(
    en="The file's content is not a valid {kind} file. Please send the original file.",
    bn="ফাইলটির ভেতরের তথ্য সঠিক {kind} ফাইল নয়। অনুগ্রহ করে আসল ফাইলটি দিন।",
)

_LABELS = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}


@dataclass(frozen=True)
class CheckedFile:
    kind: FileKind
    size: int
    sha256: str
    original_name: str


def check_file(file: File, purpose: UploadPurpose) -> CheckedFile:
    """The file's kind, size and hash, or an AppError saying why it is refused. Reads the file
    (in chunks) and leaves it positioned at the start."""
    limit = allowed_bytes(purpose)
    claimed = file.size
    if claimed is not None and claimed > limit:  # refuse before reading a byte
        raise too_large(limit)
    original_name = clean_name(file.name or "")
    kind = kind_for_extension(PurePosixPath(original_name).suffix)
    if kind is None or kind.code not in purpose.allowed:
        kinds = ", ".join(_LABELS[code] for code in sorted(purpose.allowed))
        raise AppError("upload_type_not_allowed", TYPE_NOT_ALLOWED, params={"kinds": kinds})

    size, digest, data = _read(file, limit)
    if size == 0:
        raise AppError("upload_empty", EMPTY)
    if kind_of_content(data[:HEAD_BYTES]) is not kind or not is_complete(kind, data):
        raise content_mismatch(kind)
    if kind.code == "pdf":
        _check_pdf(data)
    if kind.pillow_format:
        _check_image(file, kind)
    file.seek(0)
    return CheckedFile(kind=kind, size=size, sha256=digest, original_name=original_name)


def allowed_bytes(purpose: UploadPurpose) -> int:
    limit = limits.max_bytes()
    return min(limit, purpose.max_bytes) if purpose.max_bytes else limit


def too_large(limit: int) -> AppError:
    mb = f"{limit / (1024 * 1024):.1f}".removesuffix(".0")
    return AppError(
        "upload_too_large",
        TOO_LARGE,
        params={"mb_en": mb, "mb_bn": to_bangla_digits(mb)},
        status_code=413,
    )


def content_mismatch(kind: FileKind) -> AppError:
    return AppError(
        "upload_content_mismatch", CONTENT_MISMATCH, params={"kind": _LABELS[kind.code]}
    )


def clean_name(name: str) -> str:
    """The client's file name, for display only: no directories, no control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    if len(base) > 255:  # keep the extension, cut the stem
        suffix = PurePosixPath(base).suffix[:16]
        base = base[: 255 - len(suffix)] + suffix
    return base


def _read(file: File, limit: int) -> tuple[int, str, bytes]:
    """Real size, SHA-256 and the content, read in chunks; stops as soon as `limit` is passed
    (a file's declared size is not trusted). Whole files are at most a few MiB."""
    file.seek(0)
    digest = hashlib.sha256()
    parts: list[bytes] = []
    size = 0
    for chunk in file.chunks():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        digest.update(chunk)
        parts.append(chunk)
    return size, digest.hexdigest(), b"".join(parts)


def _check_pdf(data: bytes) -> None:
    """No scripts, automatic actions or embedded files: a clerk opens these files."""
    if found := active_content(data):
        raise AppError("upload_pdf_active_content", PDF_ACTIVE_CONTENT, params={"found": found})


def _check_image(file: File, kind: FileKind) -> None:
    """The image must be what it says and decode completely, within the pixel limit."""
    try:
        file.seek(0)
        with Image.open(file) as image:
            if image.format != kind.pillow_format:
                raise content_mismatch(kind)
            width, height = image.size
            if width * height > limits.max_image_pixels():
                raise _too_many_pixels()
            if kind.code == "jpeg":
                # Every block is still decoded (so corrupt data still fails), at 1/8 scale.
                image.draft(image.mode, (max(width // 8, 1), max(height // 8, 1)))
            image.load()  # decodes the pixels: corrupt data fails here
    except AppError:
        raise
    except Image.DecompressionBombError as exc:  # Pillow's own, far higher, ceiling
        raise _too_many_pixels() from exc
    except Exception as exc:  # Pillow raises many types (OSError, SyntaxError, ValueError...)
        raise content_mismatch(kind) from exc
    finally:
        file.seek(0)


def _too_many_pixels() -> AppError:
    mp = str(limits.max_image_pixels() // 1_000_000)
    return AppError(
        "upload_too_large",
        TOO_MANY_PIXELS,
        params={"mp_en": mp, "mp_bn": to_bangla_digits(mp)},
        status_code=413,
    )
