"""A user's active role assignments, read once per request object and kept on it."""

from collections.abc import Iterable

from backend.identity.models import Role, RoleAssignment, User


def assignments_of(user: User) -> list[RoleAssignment]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_role_assignments", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user, is_active=True)
            .select_related("udc_centre")
            .prefetch_related("udc_centre__pourashavas")
        )
        user._role_assignments = cached
    return cached


def has_role(user: User, roles: Iterable[str], *, pourashava_id: int | None = None) -> bool:
    """True if the user holds any of `roles` (in that pourashava, when one is given)."""
    wanted = set(roles)
    for assignment in assignments_of(user):
        if assignment.role not in wanted:
            continue
        if pourashava_id is None or assignment.role in (Role.NATIONAL_VIEWER, Role.SYSTEM_ADMIN):
            return True
        if assignment.pourashava_id == pourashava_id:
            return True
        if assignment.udc_centre_id and any(
            p.pk == pourashava_id for p in assignment.udc_centre.pourashavas.all()
        ):
            return True
    return False
