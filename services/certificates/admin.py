"""Clerk panel for certificates: the types a pourashava issues (fees, SLA, wording, form), the
applications with their SLA colour and with whom they wait, bulk approve / recommend through the
workflow engine, and the signatories' signature images.

Scoping follows TenantScopedAdmin: staff see their pourashava; a ward councillor (a ward-bound
role) sees only their own ward's applications, in the list and on the detail page."""

import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from PIL import Image, UnidentifiedImageError

from backend.common.text import Text
from backend.documents.pdf import verify_url
from backend.identity.models import Role, User
from backend.identity.roles import has_role
from backend.municipality.admin_base import TenantScopedAdmin
from backend.municipality.models import Pourashava
from backend.municipality.scoping import restrict
from backend.workflow.definitions import workflow_for
from backend.workflow.selectors import history_of
from services.certificates import bulk
from services.certificates.models import (
    CertificateApplication,
    CertificateAttachment,
    CertificateType,
    Deceased,
    Heir,
    Signatory,
)
from services.certificates.sla import (
    COLOUR_HEX,
    CouncillorDirectory,
    late_condition,
    sla_of,
    thresholds,
    with_whom,
)
from services.certificates.workflow import APPROVE, KIND, RECOMMEND

OFFICERS = frozenset({Role.CERTIFICATE_OFFICER})
COUNCILLORS = frozenset({Role.WARD_COUNCILLOR})
OVERSEERS = frozenset({Role.SECRETARY, Role.MAYOR})
# Who may edit a type's fees, SLA and wording: the pourashava's office, not the counter.
TYPE_EDITORS = OVERSEERS
# Whose signature may be printed on a certificate.
SIGNING_ROLES = frozenset({Role.CERTIFICATE_OFFICER, Role.MAYOR})


# Certificate types ------------------------------------------------------------------------

FIELD_TYPES = ("text", "date", "number", "choice")
CODE = re.compile(r"[a-z0-9_]{1,60}")


def _check_entries(value: object, *, what: str, with_type: bool) -> list[str]:
    """Problems with a form_fields / required_documents list, each a readable sentence."""
    if not isinstance(value, list):
        return [f"{what} must be a JSON list of objects."]
    problems: list[str] = []
    seen: set[str] = set()
    for index, entry in enumerate(value, start=1):
        if not isinstance(entry, dict):
            problems.append(f"{what} #{index} must be an object.")
            continue
        code = str(entry.get("code", ""))
        if not CODE.fullmatch(code):
            problems.append(f"{what} #{index}: code must be lower-case letters, digits or _.")
        elif code in seen:
            problems.append(f"{what} #{index}: code '{code}' is used twice.")
        seen.add(code)
        for label in ("label_en", "label_bn"):
            if not str(entry.get(label, "")).strip():
                problems.append(f"{what} #{index}: {label} is missing.")
        if "required" in entry and not isinstance(entry["required"], bool):
            problems.append(f"{what} #{index}: required must be true or false.")
        if with_type:
            kind = entry.get("type", "text")
            if kind not in FIELD_TYPES:
                problems.append(f"{what} #{index}: type must be one of {', '.join(FIELD_TYPES)}.")
            elif kind == "choice" and not (
                isinstance(entry.get("choices"), list) and entry["choices"]
            ):
                problems.append(f"{what} #{index}: a choice field needs a list of choices.")
    return problems


def _body_checker():
    """certdoc's check_body, or None while services.certificates.wording does not exist."""
    try:
        from services.certificates.wording import check_body
    except ModuleNotFoundError as exc:
        if exc.name != "services.certificates.wording":
            raise
        return None
    return check_body


class CertificateTypeForm(forms.ModelForm):
    class Meta:
        model = CertificateType
        fields = [
            "pourashava",
            "code",
            "name_en",
            "name_bn",
            "is_active",
            "fee_bn",
            "fee_en",
            "sla_days",
            "validity_days",
            "source",
            "lists_heirs",
            "form_fields",
            "required_documents",
            "body_en",
            "body_bn",
        ]

    def clean_sla_days(self) -> int:
        days = self.cleaned_data["sla_days"]
        if days < 1:
            raise forms.ValidationError("The SLA is at least one day.")
        return days

    def clean(self) -> dict:
        data = super().clean()
        for name, with_type in (("form_fields", True), ("required_documents", False)):
            if name in data:
                label = name.replace("_", " ").capitalize()
                problems = _check_entries(data[name], what=label, with_type=with_type)
                if problems:
                    self.add_error(name, problems)
        for name in ("fee_bn", "fee_en"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, "A fee cannot be negative.")
        check_body = _body_checker()
        form_fields = data.get("form_fields") if "form_fields" not in self.errors else None
        if check_body is not None:
            for name in ("body_en", "body_bn"):
                if data.get(name):
                    unknown = check_body(data[name], form_fields)
                    if unknown:
                        listed = ", ".join("{" + token + "}" for token in unknown)
                        self.add_error(name, f"Unknown placeholders: {listed}.")
        return data


@admin.register(CertificateType)
class CertificateTypeAdmin(TenantScopedAdmin):
    form = CertificateTypeForm
    view_roles = OFFICERS
    change_roles = TYPE_EDITORS
    list_display = ["name_en", "name_bn", "code", "pourashava", "fee_bn", "fee_en", "sla_days"]
    list_filter = ["is_active", "lists_heirs"]
    search_fields = ["code", "name_en", "name_bn"]
    list_select_related = ["pourashava"]
    fieldsets = [
        (None, {"fields": ["pourashava", "code", "name_en", "name_bn", "is_active"]}),
        ("Fees and SLA", {"fields": ["fee_bn", "fee_en", "sla_days", "validity_days", "source"]}),
        ("Form", {"fields": ["lists_heirs", "form_fields", "required_documents"]}),
        ("Wording", {"fields": ["body_en", "body_bn"]}),
    ]


# Applications -----------------------------------------------------------------------------


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [(s.code, s.label.render()) for s in workflow_for(KIND).states]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(application__state=value) if value else queryset


class LateFilter(admin.SimpleListFilter):
    title = "late"
    parameter_name = "late"

    def lookups(self, request, model_admin):
        return [("1", "Late"), ("0", "Not late")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(late_condition())
        if self.value() == "0":
            return queryset.exclude(late_condition())
        return queryset


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        # Roles, not Django's model flags: whoever may view the application sees its parts.
        parent = self.admin_site._registry.get(self.parent_model)
        return parent is not None and parent.has_view_permission(request, obj)


class DeceasedInline(ReadOnlyInline):
    model = Deceased
    fields = [
        "name_en",
        "name_bn",
        "father_or_husband_name_en",
        "nid",
        "birth_registration_number",
        "date_of_death",
        "death_registration_number",
    ]
    readonly_fields = fields


class HeirInline(ReadOnlyInline):
    model = Heir
    fields = [
        "position",
        "name_en",
        "name_bn",
        "relation",
        "nid",
        "birth_registration_number",
        "date_of_birth",
        "age_years",
    ]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    """The documents handed in, each opened through this admin's scoped file view."""

    model = CertificateAttachment
    fields = ["document", "name", "content_type", "size", "attached_at", "file_link"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest):
        return (
            super().get_queryset(request).select_related("application__certificate_type", "upload")
        )

    @admin.display(description="Document")
    def document(self, obj: CertificateAttachment) -> str:
        for wanted in obj.application.certificate_type.required_documents:
            if wanted.get("code") == obj.document_code:
                return f"{wanted.get('label_en', '')} / {wanted.get('label_bn', '')}"
        return obj.document_code

    @admin.display(description="File name")
    def name(self, obj: CertificateAttachment) -> str:
        return obj.upload.original_name

    @admin.display(description="Type")
    def content_type(self, obj: CertificateAttachment) -> str:
        return obj.upload.content_type

    @admin.display(description="Bytes")
    def size(self, obj: CertificateAttachment) -> int:
        return obj.upload.size

    @admin.display(description="File")
    def file_link(self, obj: CertificateAttachment):
        url = reverse(
            "admin:certificates_certificateapplication_attachment",
            args=[obj.application_id, obj.pk],
        )
        return format_html('<a href="{}" target="_blank" rel="noopener">Open</a>', url)


def _badge(colour: str, label: str):
    return format_html(
        '<span style="background:{};color:#fff;padding:1px 8px;border-radius:8px;'
        'white-space:nowrap" data-sla="{}">{}</span>',
        COLOUR_HEX[colour],
        colour,
        label,
    )


def _report(request: HttpRequest, outcomes: list[bulk.Outcome], done_word: str) -> None:
    done = sum(1 for o in outcomes if o.ok)
    skipped = [o for o in outcomes if not o.ok]
    level = messages.SUCCESS if not skipped else messages.WARNING
    messages.add_message(request, level, f"{done} {done_word}, {len(skipped)} skipped.")
    if skipped:
        reasons = format_html_join("", "<li>{}: {}</li>", ((o.number, o.message) for o in skipped))
        messages.warning(request, format_html("Skipped:<ul>{}</ul>", reasons))


@admin.action(description="Approve and sign the selected applications (with the officer)")
def approve_selected(modeladmin, request, queryset) -> None:
    outcomes = bulk.act_on_each(
        queryset.order_by("application__number"), action=APPROVE, actor=request.user
    )
    _report(request, outcomes, "approved")


@admin.action(description="Recommend the selected applications (with the councillor)")
def recommend_selected(modeladmin, request, queryset) -> None:
    outcomes = bulk.act_on_each(
        queryset.order_by("application__number"), action=RECOMMEND, actor=request.user
    )
    _report(request, outcomes, "recommended")


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
    search_help_text = "Application or certificate number, name (English or Bangla), NID, BRN, heir"
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
        ("Application", {"fields": ["number", "state_label", "sla_now", "waiting_on", "issued"]}),
        (
            "About",
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
        ("Fee and promise", {"fields": ["fee", "paid_at", "due_by", "created_at"]}),
        ("History", {"fields": ["history"]}),
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
        upload = attachment.upload
        response = FileResponse(
            upload.file.open("rb"), content_type=upload.content_type, filename=upload.original_name
        )
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    def get_list_display(self, request: HttpRequest):
        # One clock reading and one councillor lookup per page, not per row.
        directory = CouncillorDirectory()
        now, limits = timezone.now(), thresholds()

        @admin.display(description="SLA", ordering="application__due_at")
        def sla(obj: CertificateApplication):
            found = sla_of(obj, now=now, limits=limits)
            return _badge(found.colour, found.label.render())

        @admin.display(description="Waiting on")
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

    @admin.display(description="Number", ordering="application__number")
    def number(self, obj: CertificateApplication) -> str:
        return obj.application.number

    @admin.display(description="Name", ordering="name_en")
    def name(self, obj: CertificateApplication) -> str:
        return f"{obj.name_en} / {obj.name_bn}"

    @admin.display(description="State", ordering="application__state")
    def state_label(self, obj: CertificateApplication) -> str:
        return workflow_for(KIND).state(obj.application.state).label.render()

    @admin.display(description="Due", ordering="due_by")
    def due(self, obj: CertificateApplication):
        deadlines = [d for d in (obj.application.due_at, obj.due_by) if d is not None]
        return timezone.localtime(min(deadlines)).strftime("%Y-%m-%d %H:%M") if deadlines else "-"

    @admin.display(description="SLA")
    def sla_now(self, obj: CertificateApplication):
        found = sla_of(obj)
        return _badge(found.colour, found.label.render())

    @admin.display(description="Waiting on")
    def waiting_on(self, obj: CertificateApplication) -> str:
        return with_whom(obj).describe() or "-"

    @admin.display(description="Action history")
    def history(self, obj: CertificateApplication):
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{} &rarr; {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    timezone.localtime(log.at).strftime("%Y-%m-%d %H:%M"),
                    log.action,
                    log.from_state or "-",
                    log.to_state,
                    log.actor.full_name or log.actor.username,
                    log.actor_role,
                    log.comment,
                )
                for log in history_of(obj.application)
            ),
        )
        return format_html(
            "<table><tr><th>When</th><th>Action</th><th>State</th><th>By</th><th>As</th>"
            "<th>Comment</th></tr>{}</table>",
            rows,
        )

    @admin.display(description="Issued certificate")
    def issued(self, obj: CertificateApplication):
        document = obj.certificate
        if document is None:
            return "-"
        try:
            register = reverse("admin:documents_issueddocument_change", args=[document.pk])
        except NoReverseMatch:
            register = ""
        return format_html(
            '<a href="{}">{}</a> ({}) &middot; <a href="{}" target="_blank" rel="noopener">'
            "verification page</a>",
            register or "#",
            document.number,
            document.get_status_display(),
            verify_url(document.token),
        )


# Signatories ------------------------------------------------------------------------------

DEFAULT_SIGNATURE_MAX_BYTES = 512 * 1024  # a scanned signature is a few tens of kilobytes
SIGNATURE_MAX_PIXELS = 4000 * 4000
SIGNATURE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}

SIGNATURE_TOO_LARGE = Text(
    en="The signature image is larger than {limit} KB.",
    bn="স্বাক্ষরের ছবিটি {limit} কিলোবাইটের বেশি।",
)
SIGNATURE_WRONG_TYPE = Text(
    en="The signature must be a PNG or JPEG image.", bn="স্বাক্ষরটি PNG বা JPEG ছবি হতে হবে।"
)
SIGNATURE_MISMATCH = Text(
    en="The file's content is not what its name says (.png must be PNG, .jpg must be JPEG).",
    bn="ফাইলের ভেতরের ধরন নামের সাথে মেলে না (.png হলে PNG, .jpg হলে JPEG হতে হবে)।",
)
NOT_A_SIGNER = Text(
    en="This person holds no certificate officer or mayor role in this pourashava.",
    bn="এই ব্যক্তি এই পৌরসভায় সনদ কর্মকর্তা বা মেয়র নন।",
)


def signature_max_bytes() -> int:
    return int(getattr(settings, "CERTIFICATE_SIGNATURE_MAX_BYTES", DEFAULT_SIGNATURE_MAX_BYTES))


def check_signature_image(upload) -> None:
    """Refuse anything but a real, reasonably small PNG or JPEG whose name says what it is."""
    limit = signature_max_bytes()
    if upload.size > limit:
        raise forms.ValidationError(SIGNATURE_TOO_LARGE.render(limit=limit // 1024))
    expected = SIGNATURE_FORMATS.get(Path(upload.name).suffix.lower())
    if expected is None:
        raise forms.ValidationError(SIGNATURE_WRONG_TYPE.render())
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            found, (width, height) = image.format, image.size
            if width * height > SIGNATURE_MAX_PIXELS:
                raise forms.ValidationError(SIGNATURE_WRONG_TYPE.render())
            image.verify()  # reads the whole file: a truncated or forged body fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise forms.ValidationError(SIGNATURE_WRONG_TYPE.render()) from None
    finally:
        upload.seek(0)
    if found != expected:
        raise forms.ValidationError(SIGNATURE_MISMATCH.render())


class SignatoryForm(forms.ModelForm):
    class Meta:
        model = Signatory
        fields = [
            "pourashava",
            "user",
            "name_en",
            "name_bn",
            "designation_en",
            "designation_bn",
            "signature",
            "is_active",
        ]

    def clean_signature(self):
        upload = self.cleaned_data.get("signature")
        if upload is not None and hasattr(upload, "content_type"):  # a new upload, not the kept one
            check_signature_image(upload)
        return upload

    def clean(self) -> dict:
        data = super().clean()
        user, pourashava = data.get("user"), data.get("pourashava")
        if user and pourashava and not has_role(user, SIGNING_ROLES, pourashava_id=pourashava.pk):
            self.add_error("user", NOT_A_SIGNER.render())
        return data


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

    @admin.display(description="Signature")
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
