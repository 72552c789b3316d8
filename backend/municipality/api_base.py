"""Base for staff API views over tenant-owned rows: the queryset is scoped once, here, so list
and detail endpoints alike return only the caller's pourashava (and ward) rows; anything else
is a 404, never data."""

from rest_framework import viewsets

from backend.identity.permissions import StaffWithRole
from backend.municipality.scoping import restrict


class TenantScopedViewSetMixin:
    tenant_field = "pourashava"
    ward_field: str | None = None
    view_roles: frozenset[str] = frozenset()
    change_roles: frozenset[str] = frozenset()

    def get_permissions(self):
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        roles = self.change_roles if write else self.view_roles | self.change_roles
        return [StaffWithRole(roles)]

    def get_queryset(self):
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        roles = self.change_roles if write else self.view_roles | self.change_roles
        return restrict(
            super().get_queryset(),
            self.request.user,
            pourashava_field=self.tenant_field,
            ward_field=self.ward_field,
            roles=roles or None,
        )


class TenantScopedReadOnlyViewSet(TenantScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
