"""Upload limits, read from settings each time so tests (and operators) can change them.

Defaults when a setting is absent:
- UPLOAD_MAX_BYTES = 5 MiB: the largest single file; a purpose may only lower it.
- UPLOAD_DAILY_MAX_FILES = 50 and UPLOAD_DAILY_MAX_BYTES = 100 MiB: what one citizen (or, for
  uploads with no owner, one uploader) may store in any rolling 24 hours.
- UPLOAD_MAX_IMAGE_PIXELS = 25 million: larger images are refused before decoding (a small file
  can decode to gigabytes; 25 MP of RGB is 75 MB of memory while it is checked).
- UPLOAD_REQUEST_OVERHEAD_BYTES = 64 KiB: room for the multipart framing and form fields on top
  of the file when the request's size is checked before it is read.
"""

from django.conf import settings

MIB = 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 5 * MIB))


def daily_max_files() -> int:
    return int(getattr(settings, "UPLOAD_DAILY_MAX_FILES", 50))


def daily_max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_DAILY_MAX_BYTES", 100 * MIB))


def max_image_pixels() -> int:
    return int(getattr(settings, "UPLOAD_MAX_IMAGE_PIXELS", 25_000_000))


def request_overhead_bytes() -> int:
    return int(getattr(settings, "UPLOAD_REQUEST_OVERHEAD_BYTES", 64 * 1024))
