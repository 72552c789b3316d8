"""Clerk panel for the tenancy tables. Pourashava records are edited by system administrators
only; staff see their own pourashava. Wards and mahallas are scoped by TenantScopedAdmin and
saved through services, so every change is audited like one made over the API."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from backend.identity.models import Role
from backend.municipality import services
from backend.municipality.models import Mahalla, Pourashava, Ward
from backend.municipality.roles import (
    POURASHAVA_CHANGE_ROLES,
    TENANCY_CHANGE_ROLES,
    TENANCY_VIEW_ROLES,
)
from backend.panel.base import ReadOnlyInline, ScopedTabularInline, TenantScopedAdmin

ALL_ROLES = frozenset(Role)


class WardReadOnlyInline(ReadOnlyInline):
    """The pourashava's wards at a glance; wards are edited on their own page."""

    model = Ward
    fields = ["number", "name_en", "name_bn"]
    readonly_fields = fields
    show_change_link = True


class PourashavaForm(forms.ModelForm):
    class Meta:
        model = Pourashava
        fields = [
            "code",
            "name_en",
            "name_bn",
            "pourashava_class",
            "district_en",
            "district_bn",
            "upazila_en",
            "upazila_bn",
            "is_active",
            "description",
        ]

    def clean_code(self) -> str:
        # Read aloud at counters and printed in every identifier: letters and digits, upper case.
        code = self.cleaned_data["code"].strip().upper()
        if not code.isascii() or not code.isalnum():
            raise forms.ValidationError(_("Use letters A-Z and digits only, e.g. NAT."))
        return code


@admin.register(Pourashava)
class PourashavaAdmin(TenantScopedAdmin):
    form = PourashavaForm
    tenant_field = "pk"
    view_roles = ALL_ROLES  # any staff member sees their own pourashava(s)
    change_roles = POURASHAVA_CHANGE_ROLES
    list_display = [
        "code",
        "name_en",
        "name_bn",
        "pourashava_class",
        "district_en",
        "upazila_en",
        "ward_total",
        "is_active",
    ]
    list_filter = ["pourashava_class", "is_active", "district_en"]
    search_fields = ["code", "name_en", "name_bn", "district_en", "upazila_en"]
    readonly_fields = ["created_at"]
    inlines = [WardReadOnlyInline]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(ward_total=Count("wards"))

    @admin.display(description=_("wards"), ordering="ward_total")
    def ward_total(self, obj: Pourashava) -> int:
        return obj.ward_total

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # The code is printed on every identifier the pourashava has issued.
        return [*self.readonly_fields, "code"] if obj else self.readonly_fields


class WardForm(forms.ModelForm):
    class Meta:
        model = Ward
        fields = ["pourashava", "number", "name_en", "name_bn"]

    def clean_number(self) -> int:
        number = self.cleaned_data["number"]
        if number is not None and not 1 <= number <= services.MAX_WARD_NUMBER:
            raise forms.ValidationError(services.WARD_NUMBER_INVALID.render())
        return number


class MahallaInline(ScopedTabularInline):
    """Added and renamed with the ward (by whoever may change the ward), never deleted:
    holdings and certificates cite mahallas."""

    model = Mahalla
    fields = ["name_en", "name_bn"]
    extra = 1


@admin.register(Ward)
class WardAdmin(TenantScopedAdmin):
    ward_field = "pk"
    view_roles = TENANCY_VIEW_ROLES
    change_roles = TENANCY_CHANGE_ROLES
    form = WardForm
    inlines = [MahallaInline]
    audit_saves = False  # saved through the ward and mahalla services, which audit
    list_display = ["__str__", "pourashava", "number", "name_en", "name_bn", "mahalla_total"]
    list_select_related = ["pourashava"]
    list_filter = [("pourashava", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["=number", "name_en", "name_bn", "pourashava__code", "pourashava__name_en"]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(mahalla_total=Count("mahallas"))

    @admin.display(description=_("mahallas"), ordering="mahalla_total")
    def mahalla_total(self, obj: Ward) -> int:
        return obj.mahalla_total

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # Fixed once made: holdings and certificates cite the ward by number.
        return ["pourashava", "number"] if obj else []

    def save_model(self, request: HttpRequest, obj: Ward, form, change: bool) -> None:
        if change:
            services.rename_ward(
                actor=request.user,
                ward=obj,
                name_en=obj.name_en,
                name_bn=obj.name_bn,
                request=request,
            )
            return
        ward = services.create_ward(
            actor=request.user,
            pourashava=obj.pourashava,
            number=obj.number,
            name_en=obj.name_en,
            name_bn=obj.name_bn,
            request=request,
        )
        _adopt(obj, ward, ["name_en", "name_bn"])

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        _save_mahallas(request, formset)


class MahallaForm(forms.ModelForm):
    class Meta:
        model = Mahalla
        fields = ["ward", "name_en", "name_bn"]


@admin.register(Mahalla)
class MahallaAdmin(TenantScopedAdmin):
    ward_field = "ward"
    view_roles = TENANCY_VIEW_ROLES
    change_roles = TENANCY_CHANGE_ROLES
    form = MahallaForm
    audit_saves = False  # saved through the mahalla services, which audit
    list_display = ["name_en", "name_bn", "ward", "pourashava"]
    list_select_related = ["ward__pourashava", "pourashava"]
    list_filter = [("pourashava", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name_en", "name_bn", "pourashava__code", "=ward__number"]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return ["ward"] if obj else []

    def save_model(self, request: HttpRequest, obj: Mahalla, form, change: bool) -> None:
        if change:
            services.rename_mahalla(
                actor=request.user,
                mahalla=obj,
                name_en=obj.name_en,
                name_bn=obj.name_bn,
                request=request,
            )
            return
        mahalla = services.create_mahalla(
            actor=request.user,
            ward=obj.ward,
            name_en=obj.name_en,
            name_bn=obj.name_bn,
            request=request,
        )
        _adopt(obj, mahalla, ["pourashava_id"])


def _save_mahallas(request: HttpRequest, formset) -> None:
    """Inline mahalla rows go through the services too (scope check and audit)."""
    for instance in formset.save(commit=False):
        if instance.pk:
            services.rename_mahalla(
                actor=request.user,
                mahalla=instance,
                name_en=instance.name_en,
                name_bn=instance.name_bn,
                request=request,
            )
        else:
            created = services.create_mahalla(
                actor=request.user,
                ward=instance.ward,
                name_en=instance.name_en,
                name_bn=instance.name_bn,
                request=request,
            )
            _adopt(instance, created, ["pourashava_id"])


def _adopt(target, saved, fields: list[str]) -> None:
    """Make the admin's unsaved instance stand for the row the service saved, so the admin's
    log entry, redirect and inline formsets point at it."""
    target.pk = saved.pk
    target._state.adding = False
    target._state.db = saved._state.db
    for field in fields:
        setattr(target, field, getattr(saved, field))
