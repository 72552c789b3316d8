"""The register of issued documents in the clerk panel: read-only, scoped to the pourashava.
Documents are issued, revoked and replaced by the services' own flows (which call
backend.documents.services), never edited here."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from backend.documents.kinds import find_document_kind
from backend.documents.models import IssuedDocument
from backend.identity.models import Role
from backend.panel.base import TenantScopedAdmin


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(TenantScopedAdmin):
    view_roles = frozenset(
        {
            Role.REVENUE_CLERK,
            Role.CASHIER,
            Role.CERTIFICATE_OFFICER,
            Role.LICENCE_OFFICER,
            Role.SECRETARY,
            Role.MAYOR,
        }
    )
    list_display = ("number", "kind", "pourashava", "status", "issued_at", "valid_until")
    list_filter = ("kind", "status")
    search_fields = ("number",)
    list_select_related = ("pourashava",)
    date_hierarchy = "issued_at"
    # The signed fields are shown as what the document asserts, in the clerk's language (the
    # kind's verification view), not as raw JSON with codes in it.
    exclude = ("fields",)
    readonly_fields = [
        *(field.name for field in IssuedDocument._meta.fields if field.name != "fields"),
        "what_it_asserts",
    ]

    @admin.display(description=_("what it asserts"))
    def what_it_asserts(self, obj: IssuedDocument) -> str:
        kind = find_document_kind(obj.kind)
        if kind is None or kind.verification is None:
            return "-"
        view = kind.verification(obj)
        bangla = (get_language() or "bn").startswith("bn")
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td></tr>",
            (
                (item.label.render("bn" if bangla else "en"), item.bn if bangla else item.en)
                for item in view.asserts
            ),
        )
        return format_html(
            "<strong>{}</strong><table>{}</table>",
            view.title_bn if bangla else view.title_en,
            rows,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
