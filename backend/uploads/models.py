"""An uploaded file and who handed it in. Rows are never edited; the file's name in storage is
random (not the public id), so knowing an upload's id never gives a path to it."""

from pathlib import PurePosixPath
from uuid import uuid4

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.identity.models import Citizen, User


def upload_path(instance: "Upload", filename: str) -> str:
    """uploads/<yyyy>/<mm>/<random uuid><ext>; the extension is the detected kind's, which the
    service passes as `filename`."""
    now = timezone.now()
    extension = PurePosixPath(filename).suffix.lower()
    return f"uploads/{now:%Y}/{now:%m}/{uuid4().hex}{extension}"


class Upload(models.Model):
    public_id = models.UUIDField(
        default=uuid4, unique=True, editable=False, verbose_name=_("public ID")
    )  # what APIs show
    owner = models.ForeignKey(
        Citizen,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="uploads",
        help_text=_("Whose document it is; empty for staff-side files that belong to no citizen."),
        verbose_name=_("owner"),
    )
    uploaded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    purpose = models.CharField(max_length=40, verbose_name=_("purpose"))
    file = models.FileField(upload_to=upload_path, max_length=255, verbose_name=_("file"))
    original_name = models.CharField(max_length=255, verbose_name=_("original name"))
    content_type = models.CharField(
        max_length=100, help_text=_("Detected from the content."), verbose_name=_("content type")
    )
    size = models.PositiveIntegerField(help_text=_("Bytes."), verbose_name=_("size"))
    sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        ordering = ["-created_at"]
        indexes = [
            # The daily quota counts a citizen's (or an uploader's) recent uploads.
            models.Index(fields=["owner", "created_at"], name="upload_owner_recent"),
            models.Index(fields=["uploaded_by", "created_at"], name="upload_uploader_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose}: {self.original_name} ({self.public_id})"
