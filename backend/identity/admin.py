"""The identity part of the clerk panel.

- Users: superusers only (staff accounts are made by granting a role).
- Citizens: any staff member may look a citizen up (mobile, NID, name), read-only; NID
  verification fields are never edited by hand, not even by a superuser.
- Role assignments: scoped to the clerk's pourashava; granting and withdrawing go through the
  same services (and audit) as the API.
- UDC centres: staff see the centres serving their pourashavas; system administrators edit.
- Assisted sessions and actions, audit entries: read-only, scoped.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from backend.common.errors import AppError
from backend.identity import roles as role_services
from backend.identity.models import (
    AssistedAction,
    AssistedSession,
    AuditEntry,
    Citizen,
    RoleAssignment,
    SecurityNotice,
    UdcCentre,
    User,
)
from backend.identity.roles import GRANTING_ROLES, OVERSIGHT_ROLES, assignments_of, is_system_admin
from backend.municipality.scoping import scope_of
from backend.panel.base import TenantScopedAdmin
from backend.panel.tenancy import declare_national, declare_tenancy

# Staff users are offered in choice lists as the colleagues holding a role in the picker's
# pourashava; citizens are one national register, picked by typed id or search, never listed;
# a UDC centre belongs to every pourashava it serves.
declare_tenancy(User, pourashava="roles__pourashava", many=True)
declare_national(Citizen, pick_by_search=True)
declare_tenancy(UdcCentre, pourashava="pourashavas", many=True)


def _any_role(request: HttpRequest) -> bool:
    user = request.user
    return user.is_active and (user.is_superuser or bool(assignments_of(user)))


# Users -------------------------------------------------------------------------------------


class UserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "full_name_bn")


class UserEditForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(TenantScopedAdmin, DjangoUserAdmin):
    """Logins. Superusers only: a secretary makes staff by granting roles, not here."""

    form = UserEditForm
    add_form = UserCreationForm
    list_display = ("username", "full_name", "is_staff", "is_superuser", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active")
    search_fields = ("username", "full_name", "full_name_bn")
    ordering = ("username",)
    filter_horizontal = ()
    fieldsets = (
        (None, {"fields": ("username", "password", "full_name", "full_name_bn")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")

    def _superuser(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._superuser(request)

    def has_view_permission(self, request, obj=None):
        return self._superuser(request)

    def has_add_permission(self, request):
        return self._superuser(request)

    def has_change_permission(self, request, obj=None):
        return self._superuser(request)

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are deactivated, never deleted: records point at them


# Citizens ----------------------------------------------------------------------------------

NID_VERIFICATION_FIELDS = ("nid_verified_at", "nid_verified_by", "nid_verification_source")


@admin.register(Citizen)
class CitizenAdmin(TenantScopedAdmin):
    list_display = ("mobile", "name_en", "name_bn", "nid", "date_of_birth", "nid_verified_at")
    search_fields = ("mobile", "nid", "birth_registration_number", "name_en", "name_bn")
    list_select_related = ("user",)
    readonly_fields = (*NID_VERIFICATION_FIELDS, "user", "created_at", "updated_at")
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # Staff look a citizen up; they do not browse the national register page by page.
        if not search_term.strip() and not request.user.is_superuser:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def has_module_permission(self, request):
        return _any_role(request)

    def has_view_permission(self, request, obj=None):
        return _any_role(request)

    def has_add_permission(self, request):
        return False  # citizens sign up themselves by OTP

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False


# Role assignments --------------------------------------------------------------------------


class _ServiceForm(forms.ModelForm):
    """A role form whose clean() runs the service (inside the admin's own transaction), so a
    refusal shows on the form like any other error. `request` is set by the admin."""

    request: HttpRequest

    saved: RoleAssignment | None = None

    def _post_clean(self) -> None:
        pass  # the service validates the assignment

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.saved = self.run_service(data)
        except AppError as exc:
            for field, messages in exc.fields.items():
                if field in self.fields:
                    self.add_error(field, [str(m) for m in messages])
            raise forms.ValidationError(exc.render_message(), code=exc.code) from exc
        return data

    def run_service(self, data: dict) -> RoleAssignment:
        raise NotImplementedError


class GrantRoleForm(_ServiceForm):
    """Adding a role: to an existing user by username, or to a new staff user with a password."""

    username = forms.CharField(label=_("Username"), max_length=64)
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Only for a new user (stored Argon2-hashed); leave empty to give an existing "
            "user the role."
        ),
    )

    class Meta:
        model = RoleAssignment
        fields = ("role", "pourashava", "ward", "udc_centre")

    def run_service(self, data: dict) -> RoleAssignment:
        return role_services.grant_role(
            actor=self.request.user,
            username=data["username"],
            full_name=data.get("full_name") or "",
            password=data.get("password") or None,
            role=data["role"],
            pourashava=data.get("pourashava"),
            ward=data.get("ward"),
            udc_centre=data.get("udc_centre"),
            request=self.request,
        )


class RoleActiveForm(_ServiceForm):
    class Meta:
        model = RoleAssignment
        fields = ("is_active",)

    def run_service(self, data: dict) -> RoleAssignment:
        return role_services.set_role_active(
            actor=self.request.user,
            assignment=RoleAssignment.objects.get(pk=self.instance.pk),
            is_active=data["is_active"],
            request=self.request,
        )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(TenantScopedAdmin):
    view_roles = OVERSIGHT_ROLES
    change_roles = GRANTING_ROLES
    list_display = ("user", "role", "pourashava", "ward", "udc_centre", "is_active", "granted_at")
    list_filter = ("role", "is_active")
    search_fields = ("user__username", "user__full_name")
    list_select_related = ("user", "pourashava", "ward", "udc_centre")
    fixed_on_change = (
        "user",
        "role",
        "pourashava",
        "ward",
        "udc_centre",
        "granted_at",
        "granted_by",
    )

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = RoleActiveForm if obj is not None else GrantRoleForm
        form_class = super().get_form(request, obj, change=change, **kwargs)
        form_class.request = request
        return form_class

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("username", "full_name", "password", "role", "pourashava", "ward", "udc_centre")
        return (*self.fixed_on_change, "is_active")

    def get_readonly_fields(self, request, obj=None):
        return self.fixed_on_change if obj is not None else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is UdcCentre and not is_system_admin(request.user):
            kwargs["queryset"] = UdcCentre.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    audit_saves = False  # the role services audit every grant and withdrawal

    def save_form(self, request, form, change):
        return form.saved  # already saved, and audited, by the service in form.clean()

    def save_model(self, request, obj, form, change):
        pass

    def save_related(self, request, form, formsets, change):
        pass


# UDC centres -------------------------------------------------------------------------------


@admin.register(UdcCentre)
class UdcCentreAdmin(TenantScopedAdmin):
    list_display = ("code", "name_en", "name_bn", "district_en", "upazila_en", "is_active")
    search_fields = ("code", "name_en", "name_bn")
    filter_horizontal = ("pourashavas",)

    def has_module_permission(self, request):
        return _any_role(request)

    def has_view_permission(self, request, obj=None):
        if not _any_role(request):
            return False
        if obj is None:
            return True
        scope = scope_of(request.user)
        return scope.national or any(scope.covers(p.pk) for p in obj.pourashavas.all())

    def has_add_permission(self, request):
        return is_system_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_system_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


# Read-only logs ----------------------------------------------------------------------------


class ReadOnlyTenantAdmin(TenantScopedAdmin):
    view_roles = OVERSIGHT_ROLES

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(AssistedSession)
class AssistedSessionAdmin(ReadOnlyTenantAdmin):
    list_display = (
        "created_at",
        "operator",
        "udc_centre",
        "citizen",
        "pourashava",
        "confirmed_at",
        "expires_at",
        "ended_at",
    )
    list_select_related = ("operator", "udc_centre", "citizen", "pourashava")
    exclude = ("challenge",)
    search_fields = ("citizen__mobile", "operator__username")

    def get_readonly_fields(self, request, obj=None):
        return [f for f in super().get_readonly_fields(request, obj) if f != "challenge"]


@admin.register(AssistedAction)
class AssistedActionAdmin(ReadOnlyTenantAdmin):
    list_display = ("at", "action", "object_type", "object_id", "operator", "udc_centre", "citizen")
    list_select_related = ("operator", "udc_centre", "citizen")
    list_filter = ("action",)
    search_fields = ("citizen__mobile", "operator__username", "object_id")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyTenantAdmin):
    list_display = ("at", "actor", "pourashava", "action", "object_type", "object_id")
    list_select_related = ("actor", "pourashava")
    list_filter = ("action", "object_type")
    search_fields = ("object_type", "object_id", "actor__username")


@admin.register(SecurityNotice)
class SecurityNoticeAdmin(ReadOnlyTenantAdmin):
    """Security notices for the pourashava's secretary and mayor (e.g. staff logins held back
    after repeated wrong passwords), in both languages."""

    list_display = ("at", "pourashava", "message", "client_address")
    list_select_related = ("pourashava",)
    list_filter = ("kind",)

    @admin.display(description=_("message"))
    def message(self, notice: SecurityNotice) -> str:
        """In the panel's language (both are on the notice's own page)."""
        return notice.message_bn if get_language() == "bn" else notice.message_en
