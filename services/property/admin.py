"""Clerk panel for the holdings register. Read-only here: the register changes only through
its services (registration, mutation, corrections), which keep the dated history."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from backend.identity.models import Role
from backend.panel.base import ReadOnlyInline, TenantScopedAdmin
from services.property.models import (
    ClaimStatus,
    Holding,
    HoldingAttachment,
    HoldingClaim,
    Ownership,
    Particulars,
)
from services.property.services.holdings import decide_claim

REGISTER_VIEWERS = frozenset(
    {Role.ASSESSOR, Role.REVENUE_CLERK, Role.CASHIER, Role.SECRETARY, Role.MAYOR}
)
CLAIM_DECIDERS = frozenset({Role.ASSESSOR, Role.REVENUE_CLERK, Role.SECRETARY, Role.MAYOR})


class ParticularsInline(ReadOnlyInline):
    model = Particulars
    fields = [
        "valid_from",
        "valid_to",
        "use",
        "occupancy",
        "structure_type",
        "floors",
        "floor_area_sqft",
        "monthly_rent",
        "reason",
    ]
    readonly_fields = fields
    ordering = ["-valid_from"]


class OwnershipInline(ReadOnlyInline):
    model = Ownership
    fields = ["name_en", "name_bn", "nid", "mobile", "share", "valid_from", "valid_to", "reason"]
    readonly_fields = fields
    ordering = ["-valid_from", "-share"]


class AttachmentInline(ReadOnlyInline):
    """What the citizen handed in. The files stay with their owner (backend.uploads serves them
    to the uploader only); the clerk sees what was attached, when and by whom."""

    model = HoldingAttachment
    fk_name = "holding"
    fields = [
        "kind",
        "caption",
        "file_name",
        "content_type",
        "size",
        "added_by",
        "added_at",
        "application",
    ]
    readonly_fields = fields
    ordering = ["added_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("upload", "added_by", "application")

    @admin.display(description=_("File"))
    def file_name(self, obj: HoldingAttachment) -> str:
        return obj.upload.original_name

    @admin.display(description=_("Type"))
    def content_type(self, obj: HoldingAttachment) -> str:
        return obj.upload.content_type

    @admin.display(description=_("Bytes"))
    def size(self, obj: HoldingAttachment) -> int:
        return obj.upload.size


@admin.register(Holding)
class HoldingAdmin(TenantScopedAdmin):
    view_roles = REGISTER_VIEWERS
    ward_field = "ward"
    list_display = ["reference", "ward", "mahalla", "road", "status"]
    list_filter = ["status", "ward__number"]
    search_fields = [
        "number",
        "ownerships__name_en",
        "ownerships__name_bn",
        "ownerships__nid",
        "ownerships__mobile",
    ]
    list_select_related = ["pourashava", "ward", "mahalla"]
    inlines = [ParticularsInline, OwnershipInline, AttachmentInline]
    readonly_fields = [
        "pourashava",
        "ward",
        "mahalla",
        "road",
        "number",
        "status",
        "parent",
        "merged_into",
    ]

    def get_search_results(self, request, queryset, search_term):
        queryset, _ = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False


@admin.action(description=_("Approve the selected claims"))
def approve_claims(modeladmin, request, queryset) -> None:
    _decide(request, queryset, approve=True)


@admin.action(description=_("Reject the selected claims"))
def reject_claims(modeladmin, request, queryset) -> None:
    _decide(request, queryset, approve=False)


def _decide(request, queryset, *, approve: bool) -> None:
    decided = 0
    for claim in queryset.filter(status=ClaimStatus.PENDING):
        decide_claim(claim=claim, approve=approve, actor=request.user)
        decided += 1
    messages.success(
        request,
        ngettext("%(count)s claim decided.", "%(count)s claims decided.", decided)
        % {"count": decided},
    )


@admin.register(HoldingClaim)
class HoldingClaimAdmin(TenantScopedAdmin):
    view_roles = CLAIM_DECIDERS
    list_display = ["holding", "citizen", "status", "proof", "created_at", "decided_by"]
    list_filter = ["status", "proof"]
    search_fields = ["holding__number", "citizen__mobile", "citizen__nid", "citizen__name_en"]
    list_select_related = ["holding__pourashava", "holding__ward", "citizen", "decided_by"]
    readonly_fields = [
        "holding",
        "citizen",
        "status",
        "proof",
        "decided_by",
        "decided_at",
        "note",
        "pourashava",
    ]
    actions = [approve_claims, reject_claims]

    def get_actions(self, request):
        # Deciding is a change, so actions are offered to deciders although the form is read-only.
        return super().get_actions(request) if self._holds(request, CLAIM_DECIDERS) else {}

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and self._holds(request, CLAIM_DECIDERS)
