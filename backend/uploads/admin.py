"""Uploads in the admin: read-only, and for superusers only for now. Clerks see a citizen's
files through the service that uses them (an application, a claim), where the service decides
who may; a flat list of every citizen's documents is not something a clerk should browse."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from backend.panel.base import TenantScopedAdmin
from backend.panel.tenancy import declare_national
from backend.uploads.models import Upload
from backend.uploads.serving import upload_response

# A citizen's files belong to the citizen, not to a pourashava: superusers only here.
declare_national(Upload)


@admin.register(Upload)
class UploadAdmin(TenantScopedAdmin):
    list_display = ("public_id", "purpose", "owner", "content_type", "size", "created_at")
    list_filter = ("purpose", "content_type")
    search_fields = ("=public_id", "=sha256", "owner__mobile")
    list_select_related = ("owner",)
    date_hierarchy = "created_at"
    fields = (
        "public_id",
        "purpose",
        "owner",
        "uploaded_by",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "created_at",
        "file_link",
    )
    readonly_fields = fields

    @admin.display(description=_("File"))
    def file_link(self, upload: Upload) -> str:
        url = reverse("admin:uploads_upload_file", args=[upload.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("Open"))

    def get_urls(self):
        serve = self.admin_site.admin_view(self.serve_file)
        return [path("<int:pk>/file/", serve, name="uploads_upload_file"), *super().get_urls()]

    def serve_file(self, request: HttpRequest, pk: int) -> FileResponse:
        """The file through Django (storage need not be public), with the same view rules."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return upload_response(get_object_or_404(Upload, pk=pk))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
