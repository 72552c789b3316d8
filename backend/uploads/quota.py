"""How much one citizen may store: at most UPLOAD_DAILY_MAX_FILES files and
UPLOAD_DAILY_MAX_BYTES bytes in any rolling 24 hours (uploads with no owner count against the
user who uploaded them). Refusals are 429 `upload_quota_exceeded` with a Retry-After."""

from datetime import timedelta

from django.db.models import Count, Min, Sum
from django.utils import timezone

from backend.common.errors import TooManyRequests
from backend.common.text import Text
from backend.identity.models import Citizen, User
from backend.uploads import limits
from backend.uploads.models import Upload

WINDOW = timedelta(hours=24)

QUOTA_EXCEEDED = Text(
    en="You have uploaded as much as is allowed in 24 hours. Please try again later.",
    bn="২৪ ঘণ্টায় যত ফাইল আপলোড করা যায় তা হয়ে গেছে। অনুগ্রহ করে পরে আবার চেষ্টা করুন।",
)


def check_quota(*, owner: Citizen | None, uploaded_by: User, size: int) -> None:
    """Refuse if storing `size` more bytes would pass either daily limit."""
    now = timezone.now()
    recent = _counted(owner, uploaded_by).filter(created_at__gt=now - WINDOW)
    totals = recent.aggregate(files=Count("pk"), stored=Sum("size"), oldest=Min("created_at"))
    files, stored = totals["files"], totals["stored"] or 0
    if files + 1 > limits.daily_max_files() or stored + size > limits.daily_max_bytes():
        oldest = totals["oldest"] or now
        wait = int((oldest + WINDOW - now).total_seconds()) + 1
        raise TooManyRequests("upload_quota_exceeded", QUOTA_EXCEEDED, retry_after=max(wait, 1))


def lock_quota(*, owner: Citizen | None, uploaded_by: User) -> None:
    """Serialise one holder's uploads (inside a transaction) so two at once cannot both pass
    the last free place: lock the citizen's row, or the uploader's."""
    if owner is not None:
        Citizen.objects.select_for_update().filter(pk=owner.pk).first()
    else:
        User.objects.select_for_update().filter(pk=uploaded_by.pk).first()


def _counted(owner: Citizen | None, uploaded_by: User):
    if owner is not None:
        return Upload.objects.filter(owner=owner)
    return Upload.objects.filter(owner__isnull=True, uploaded_by=uploaded_by)
