"""Certificate applications for the clerk panel: with their SLA colour and with whom they wait,
the history, the issued certificate, and the documents handed in (served only to whoever may see
the application; a councillor sees only their own ward's)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.documents.pdf import verify_url
from backend.identity.models import Role
from backend.identity.roles import has_role
from backend.panel.base import TenantScopedAdmin
from backend.uploads.serving import upload_response
from backend.workflow.definitions import action_label
from backend.workflow.selectors import history_of
from services.certificates.admin.bulk_actions import approve_selected, recommend_selected
from services.certificates.admin.filters import LateFilter, SlaFilter, StateFilter
from services.certificates.admin.inlines import AttachmentInline, DeceasedInline, HeirInline
from services.certificates.admin.roles import COUNCILLORS, OFFICERS, OVERSEERS
from services.certificates.models import CertificateApplication, CertificateAttachment
from services.certificates.sla import COLOUR_HEX, CouncillorDirectory, sla_of, thresholds, with_whom
from services.certificates.workflow import state_label


def _badge(colour: str, label: str):
    return format_html(
        '<span style="background:{};color:#fff;padding:1px 8px;border-radius:8px;'
        'white-space:nowrap" data-sla="{}">{}</span>',
        COLOUR_HEX[colour],
        colour,
        label,
    )


@admin.register(CertificateApplication)
class CertificateApplicationAdmin(TenantScopedAdmin):
    view_roles = OFFICERS | COUNCILLORS | OVERSEERS
    ward_field = "ward"
    # SLA badge and "waiting on" are added per request (see get_list_display).
    list_display = ["number", "certificate_type", "name", "ward", "state_label", "due"]
    list_filter = [
        StateFilter,
        ("certificate_type", admin.RelatedOnlyFieldListFilter),
        ("ward", admin.RelatedOnlyFieldListFilter),
        LateFilter,
        SlaFilter,  # last: the home page's counts link here with state= and sla=
    ]
    search_fields = [
        "application__number",
        "certificate__number",
        "name_en",
        "name_bn",
        "nid",
        "birth_registration_number",
        "heirs__name_en",
        "heirs__name_bn",
        "heirs__nid",
        "deceased__name_en",
        "deceased__name_bn",
    ]
    search_help_text = _(
        _("Application or certificate number, name (English or Bangla), NID, BRN, heir")
    )
    list_select_related = [
        "application",
        "certificate_type__pourashava",
        "ward__pourashava",
        "pourashava",
    ]
    ordering = ["application__due_at", "id"]
    inlines = [DeceasedInline, HeirInline, AttachmentInline]
    actions = [approve_selected, recommend_selected]
    readonly_fields = ["number", "state_label", "sla_now", "waiting_on", "history", "issued"]
    fieldsets = [
        (
            _("Application"),
            {"fields": ["number", "state_label", "sla_now", "waiting_on", "issued"]},
        ),
        (
            _("About"),
            {
                "fields": [
                    "pourashava",
                    "ward",
                    "mahalla",
                    "certificate_type",
                    "language",
                    "relation",
                    ("name_en", "name_bn"),
                    ("father_name_en", "father_name_bn"),
                    ("mother_name_en", "mother_name_bn"),
                    ("spouse_name_en", "spouse_name_bn"),
                    ("nid", "birth_registration_number", "date_of_birth"),
                    ("address_en", "address_bn"),
                    "answers",
                ]
            },
        ),
        (_("Fee and promise"), {"fields": ["fee", "paid_at", "due_by", "created_at"]}),
        (_("History"), {"fields": ["history"]}),
    ]

    def get_urls(self):
        serve = self.admin_site.admin_view(self.serve_attachment)
        return [
            path(
                "<int:pk>/attachment/<int:attachment_pk>/",
                serve,
                name="certificates_certificateapplication_attachment",
            ),
            *super().get_urls(),
        ]

    def serve_attachment(self, request: HttpRequest, pk: int, attachment_pk: int):
        """A document handed in with the application, to whoever may view the application
        (a councillor: of its ward); anyone else gets a 404. Served through Django, so the
        storage need not be public."""
        detail = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, detail):
            raise PermissionDenied
        attachment = get_object_or_404(
            CertificateAttachment.objects.select_related("upload"),
            pk=attachment_pk,
            application=detail,
        )
        return upload_response(attachment.upload)

    def get_list_display(self, request: HttpRequest):
        # One clock reading and one councillor lookup per page, not per row.
        directory = CouncillorDirectory()
        now, limits = timezone.now(), thresholds()

        @admin.display(description=_("SLA"), ordering="application__due_at")
        def sla(obj: CertificateApplication):
            found = sla_of(obj, now=now, limits=limits)
            return _badge(found.colour, found.label.render())

        @admin.display(description=_("Waiting on"))
        def waiting_on(obj: CertificateApplication) -> str:
            return with_whom(obj, directory).describe() or "-"

        return [*self.list_display[:5], sla, waiting_on, *self.list_display[5:]]

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        superuser = request.user.is_superuser
        if not (superuser or has_role(request.user, OFFICERS)):
            actions.pop("approve_selected", None)
        if not (superuser or has_role(request.user, COUNCILLORS)):
            actions.pop("recommend_selected", None)
        return actions

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Read-only detail; the list's "change" permission only carries the bulk actions, which
        # go through the workflow engine (it checks role, ward and state for each one).
        return obj is None and self._holds(request, OFFICERS | COUNCILLORS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # applications come from citizens and UDC operators, through the API

    @admin.display(description=_("Number"), ordering="application__number")
    def number(self, obj: CertificateApplication) -> str:
        return obj.application.number

    @admin.display(description=_("Name"), ordering="name_en")
    def name(self, obj: CertificateApplication) -> str:
        return f"{obj.name_en} / {obj.name_bn}"

    @admin.display(description=_("State"), ordering="application__state")
    def state_label(self, obj: CertificateApplication) -> str:
        return state_label(obj.application.state)

    @admin.display(description=_("Due"), ordering="due_by")
    def due(self, obj: CertificateApplication):
        deadlines = [d for d in (obj.application.due_at, obj.due_by) if d is not None]
        return timezone.localtime(min(deadlines)).strftime("%Y-%m-%d %H:%M") if deadlines else "-"

    @admin.display(description=_("SLA"))
    def sla_now(self, obj: CertificateApplication):
        found = sla_of(obj)
        return _badge(found.colour, found.label.render())

    @admin.display(description=_("Waiting on"))
    def waiting_on(self, obj: CertificateApplication) -> str:
        return with_whom(obj).describe() or "-"

    @admin.display(description=_("Action history"))
    def history(self, obj: CertificateApplication):
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{} &rarr; {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    date_format(timezone.localtime(log.at), "SHORT_DATETIME_FORMAT"),
                    action_label(obj.application.kind, log.action),
                    state_label(log.from_state) if log.from_state else "-",
                    state_label(log.to_state),
                    log.actor,
                    _role_label(log.actor_role),
                    log.comment,
                )
                for log in history_of(obj.application)
            ),
        )
        return format_html(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>"
            "{}</table>",
            gettext("When"),
            gettext("Action"),
            gettext("State"),
            gettext("By"),
            gettext("As"),
            gettext("Comment"),
            rows,
        )

    @admin.display(description=_("Issued certificate"))
    def issued(self, obj: CertificateApplication):
        document = obj.certificate
        if document is None:
            return "-"
        try:
            register = reverse("admin:documents_issueddocument_change", args=[document.pk])
        except NoReverseMatch:
            register = ""
        return format_html(
            '<a href="{}">{}</a> ({}) &middot; <a href="{}" target="_blank" rel="noopener">{}</a>',
            register or "#",
            document.number,
            document.get_status_display(),
            verify_url(document.token),
            gettext("verification page"),
        )


def _role_label(code: str) -> str:
    """The role's name for people; the code itself for a pseudo-role (the applicant)."""
    try:
        return str(Role(code).label)
    except ValueError:
        return gettext("applicant") if code == "applicant" else code
