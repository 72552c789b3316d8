"""Uploads: supporting documents and photos that citizens (or UDC operators acting for them, or
staff) hand in, checked and kept in the project's default storage (local files or S3/MinIO).

How a service uses it:

1. Declare what it accepts, at import time (e.g. in its AppConfig.ready)::

       from backend.uploads.purposes import register_upload_purpose
       register_upload_purpose(
           "death_certificate",
           Text(en="Death certificate", bn="মৃত্যু সনদ"),
           {"pdf", "jpeg", "png"},
           max_bytes=2 * 1024 * 1024,   # optional; never above settings.UPLOAD_MAX_BYTES
       )

2. The citizen uploads first: `POST /api/v1/me/uploads/` (multipart `file`, `purpose`) answers
   `{id, purpose, content_type, size, name, created_at}`.
3. The service's own endpoint takes the ids and resolves them with
   `backend.uploads.services.uploads_for(citizen=..., public_ids=[...], purpose=...)`, which
   refuses ids that are unknown or belong to someone else with the same `upload_not_found`.
   Staff-side code stores files directly with `store_upload(...)`.

Kinds are decided from the file's bytes (magic numbers, and Pillow decoding for images), never
from the client's Content-Type. Limits (settings, with defaults in `backend.uploads.limits`):
UPLOAD_MAX_BYTES (5 MiB a file), UPLOAD_DAILY_MAX_FILES (50) and UPLOAD_DAILY_MAX_BYTES (100 MiB)
per citizen in any 24 hours, UPLOAD_MAX_IMAGE_PIXELS (25 megapixels).
"""
