"""A caller that rolls back its own transaction around store_upload leaves a file without a row;
purge_orphan_uploads removes such files (once old enough) and never a file that has its row."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from backend.uploads.models import Upload
from backend.uploads.services import store_upload
from tests.backend.uploads.conftest import pdf_bytes, png_bytes, stored_files, uploaded
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


class CallerFailed(Exception):
    pass


def test_orphans_are_purged_and_kept_files_are_not(media_root):
    citizen = CitizenFactory()

    def store(name, content):
        return store_upload(
            file=uploaded(name, content), uploaded_by=citizen.user, owner=citizen, purpose="other"
        )

    kept = store("kept.pdf", pdf_bytes())
    with pytest.raises(CallerFailed), transaction.atomic():
        store("lost.png", png_bytes())
        raise CallerFailed
    assert Upload.objects.count() == 1
    assert len(stored_files(media_root)) == 2

    out = StringIO()
    call_command("purge_orphan_uploads", "--older-than-hours=1", stdout=out)
    assert "Deleted 0 orphan file(s)." in out.getvalue()  # too recent: may still be in flight
    call_command("purge_orphan_uploads", "--older-than-hours=0", "--dry-run", stdout=out)
    assert len(stored_files(media_root)) == 2

    out = StringIO()
    call_command("purge_orphan_uploads", "--older-than-hours=0", stdout=out)
    assert "Deleted 1 orphan file(s)." in out.getvalue()
    remaining = stored_files(media_root)
    assert [path.relative_to(media_root).as_posix() for path in remaining] == [kept.file.name]


def test_the_daily_beat_task_purges_orphans(media_root, settings):
    from backend.celery import app
    from backend.uploads.tasks import purge_orphan_files_task

    scheduled = settings.CELERY_BEAT_SCHEDULE["uploads-purge-orphan-files"]["task"]
    assert app.tasks[scheduled].name == purge_orphan_files_task.name
    citizen = CitizenFactory()
    with pytest.raises(CallerFailed), transaction.atomic():
        store_upload(
            file=uploaded("lost.png", png_bytes()),
            uploaded_by=citizen.user,
            owner=citizen,
            purpose="other",
        )
        raise CallerFailed
    assert purge_orphan_files_task.delay(older_than_hours=0).get() == 1
    assert stored_files(media_root) == []
