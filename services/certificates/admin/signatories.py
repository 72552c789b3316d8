"""The signatories whose names and signature images are printed on certificates."""

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from backend.identity.models import User
from backend.identity.roles import has_role
from backend.municipality.models import Pourashava
from backend.municipality.scoping import restrict
from backend.panel.base import TenantScopedAdmin
from services.certificates.admin.forms import SignatoryForm
from services.certificates.admin.roles import OFFICERS, OVERSEERS, SIGNING_ROLES
from services.certificates.models import Signatory


@admin.register(Signatory)
class SignatoryAdmin(TenantScopedAdmin):
    """The secretary or mayor keeps the pourashava's signatories; a certificate officer may
    also upload their own."""

    form = SignatoryForm
    view_roles = OFFICERS
    change_roles = OVERSEERS | OFFICERS
    list_display = ["name_en", "designation_en", "pourashava", "user", "is_active", "preview"]
    list_filter = ["is_active"]
    list_select_related = ["pourashava", "user"]

    @admin.display(description=_("Signature"))
    def preview(self, obj: Signatory):
        if not obj.signature:
            return "-"
        return format_html(
            '<img src="{}" alt="signature" style="max-height:40px">', obj.signature.url
        )

    def _manages(self, request: HttpRequest, pourashava_id: int | None) -> bool:
        return request.user.is_superuser or has_role(
            request.user, OVERSEERS, pourashava_id=pourashava_id
        )

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return (
            obj is None
            or self._manages(request, obj.pourashava_id)
            or obj.user_id == request.user.pk
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = self._signers(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _signers(self, request: HttpRequest) -> QuerySet:
        """Signing staff of the pourashavas this user manages, and the user themself if they
        sign."""
        managed = restrict(
            Pourashava.objects.all(), request.user, pourashava_field="pk", roles=OVERSEERS
        )
        condition = Q(
            roles__role__in=SIGNING_ROLES, roles__is_active=True, roles__pourashava__in=managed
        )
        if has_role(request.user, SIGNING_ROLES):
            condition |= Q(pk=request.user.pk)
        return User.objects.filter(condition).distinct().order_by("full_name", "username")
