"""Base admin for tenant-owned models: the clerk sees and picks only their pourashava's rows,
and what they may do is decided by their roles, not by Django's per-model permission flags."""

from django.contrib import admin
from django.http import HttpRequest

from backend.identity.roles import has_role
from backend.municipality.models import Pourashava, Ward
from backend.municipality.scoping import restrict, scope_of


class TenantScopedAdmin(admin.ModelAdmin):
    tenant_field = "pourashava"
    ward_field: str | None = None
    # Roles that may open these pages, and roles that may also add/change them.
    view_roles: frozenset[str] = frozenset()
    change_roles: frozenset[str] = frozenset()
    allow_delete = False  # records that touch money, ownership or documents are never deleted

    def get_queryset(self, request: HttpRequest):
        queryset = super().get_queryset(request)
        return restrict(
            queryset,
            request.user,
            pourashava_field=self.tenant_field,
            ward_field=self.ward_field,
            roles=self.view_roles | self.change_roles or None,
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Pourashava:
            kwargs["queryset"] = restrict(
                Pourashava.objects.all(),
                request.user,
                pourashava_field="pk",
                roles=self.change_roles or None,
            )
        elif db_field.related_model is Ward:
            kwargs["queryset"] = restrict(
                Ward.objects.select_related("pourashava"),
                request.user,
                ward_field="pk",
                roles=self.change_roles or None,
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _holds(self, request: HttpRequest, roles: frozenset[str]) -> bool:
        return request.user.is_active and (
            request.user.is_superuser or has_role(request.user, roles)
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._holds(request, self.view_roles | self.change_roles)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        if not self._holds(request, self.view_roles | self.change_roles):
            return False
        return obj is None or self._in_scope(request, obj, self.view_roles | self.change_roles)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._holds(request, self.change_roles)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if not self._holds(request, self.change_roles):
            return False
        return obj is None or self._in_scope(request, obj, self.change_roles)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.allow_delete and self.has_change_permission(request, obj)

    def _in_scope(self, request: HttpRequest, obj, roles: frozenset[str]) -> bool:
        scope = scope_of(request.user, roles or None)
        pourashava_id = _id_of(obj, self.tenant_field)
        ward_id = _id_of(obj, self.ward_field) if self.ward_field else None
        return scope.covers(pourashava_id, ward_id)


def _id_of(obj, field: str) -> int | None:
    """The id `field` names on `obj`: "pk" is the object itself (a Ward admin scoped by
    ward_field="pk"), "a__b" follows relations, anything else is a foreign key's `<name>_id`."""
    if field == "pk":
        return obj.pk
    *path, last = field.split("__")
    for step in path:
        obj = getattr(obj, step, None)
        if obj is None:
            return None
    if last == "pk":
        return obj.pk
    return getattr(obj, f"{last}_id", None)


class ReadOnlyInline(admin.TabularInline):
    """A record's parts shown read-only on its page (lines, history, attachments). Whoever may
    view the parent sees them: roles and scope, not Django's per-model permission flags."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        parent = self.admin_site._registry.get(self.parent_model)
        return parent is not None and parent.has_view_permission(request, obj)
