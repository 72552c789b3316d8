"""Permission checks by role (RoleAssignment), not by Django's per-model flags. The only DRF
import outside api modules, since permission classes are an API concern shared by every app."""

from collections.abc import Iterable

from rest_framework.permissions import BasePermission

from backend.identity.roles import has_role


class StaffWithRole(BasePermission):
    """An authenticated, active staff member holding any of `roles` (anywhere; the queryset's
    scoping decides which rows)."""

    def __init__(self, roles: Iterable[str]) -> None:
        self.roles = frozenset(roles)

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        return user.is_superuser or has_role(user, self.roles)


class IsCitizen(BasePermission):
    """A logged-in citizen, or an operator acting for one in a confirmed assisted session."""

    def has_permission(self, request, view) -> bool:
        from backend.identity.acting import acting_citizen

        return acting_citizen(request) is not None
