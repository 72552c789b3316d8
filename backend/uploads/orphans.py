"""Files in storage with no Upload row. store_upload removes its file when its own transaction
fails, but a caller that wraps store_upload in a larger transaction and then rolls back leaves
the file behind (storage is not transactional). `manage.py purge_orphan_uploads` removes those
once they are old enough that no upload can still be in flight."""

from collections.abc import Iterator
from datetime import timedelta

from django.core.files.storage import Storage
from django.utils import timezone

from backend.common.batching import batches
from backend.uploads.models import Upload

ROOT = "uploads"


def orphan_files(*, older_than: timedelta, storage: Storage | None = None) -> Iterator[str]:
    """Names under uploads/ that no row points at, last modified before now - older_than."""
    storage = storage or Upload._meta.get_field("file").storage
    cutoff = timezone.now() - older_than
    for batch in batches(_walk(storage, ROOT), 500):
        known = set(Upload.objects.filter(file__in=batch).values_list("file", flat=True))
        for name in batch:
            if name not in known and storage.get_modified_time(name) < cutoff:
                yield name


def purge_orphan_files(*, older_than: timedelta, dry_run: bool = False) -> list[str]:
    storage = Upload._meta.get_field("file").storage
    names = list(orphan_files(older_than=older_than, storage=storage))
    if not dry_run:
        for name in names:
            storage.delete(name)
    return names


def _walk(storage: Storage, directory: str) -> Iterator[str]:
    if not storage.exists(directory):
        return
    directories, files = storage.listdir(directory)
    for name in sorted(files):
        yield f"{directory}/{name}"
    for name in sorted(directories):
        yield from _walk(storage, f"{directory}/{name}")
