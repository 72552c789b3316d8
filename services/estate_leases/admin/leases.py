"""Leases in the panel: read-only pages (the money, taxes, approval, payment, agreement), and
the mayor's approval as an action through the workflow engine."""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.panel.base import TenantScopedAdmin
from backend.workflow.services import take_action
from services.estate_leases import access, workflow
from services.estate_leases.admin.common import each
from services.estate_leases.models import Lease


@admin.register(Lease)
class LeaseAdmin(TenantScopedAdmin):
    view_roles = access.VIEWERS
    change_roles = access.APPROVERS | access.OFFICERS
    list_display = [
        "property",
        "year",
        "lessee_name",
        "amount",
        "vat_amount",
        "income_tax_amount",
        "status",
        "application",
    ]
    list_filter = ["status", "year"]
    actions = ["approve"]

    def has_add_permission(self, request):
        return False  # a lease comes only from an award

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and obj is None

    @admin.display(description=_("lessee"))
    def lessee_name(self, obj):
        return obj.bid.bidder_name

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("property", "bid", "application")

    @admin.action(description=_("Approve the award (mayor)"))
    def approve(self, request, queryset):
        each(
            self,
            request,
            queryset,
            lambda lease: take_action(
                application=lease.application, action=workflow.APPROVE, actor=request.user
            ),
            gettext("Awards approved: %(count)s."),
        )
