"""The one tenancy scoping mechanism. Every staff-facing queryset (API and admin) goes through
`restrict`; nothing re-implements the rule.

The rule: national roles (and superusers) see every pourashava. Other staff see the pourashavas
their active roles are in (a UDC operator: the pourashavas their centre serves). In a pourashava
where all of a user's roles are ward-bound (a ward councillor), they see only their wards' rows.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from backend.identity.models import NATIONAL_ROLES, WARD_ROLES, User
from backend.identity.roles import assignments_of


@dataclass(frozen=True)
class StaffScope:
    national: bool = False
    pourashava_ids: frozenset[int] = frozenset()
    # pourashava id -> ward ids, for pourashavas where the user holds only ward-bound roles
    ward_limits: dict[int, frozenset[int]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.national and not self.pourashava_ids

    def covers(self, pourashava_id: int | None, ward_id: int | None = None) -> bool:
        if self.national:
            return True
        if pourashava_id not in self.pourashava_ids:
            return False
        wards = self.ward_limits.get(pourashava_id)
        return wards is None or ward_id in wards


def scope_of(user: User, roles: Iterable[str] | None = None) -> StaffScope:
    """Where `user` may act, counting only `roles` when given."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return StaffScope()
    if user.is_superuser:
        return StaffScope(national=True)
    wanted = set(roles) if roles is not None else None
    pourashavas: set[int] = set()
    wards: dict[int, set[int]] = {}
    whole: set[int] = set()
    for assignment in assignments_of(user):
        if wanted is not None and assignment.role not in wanted:
            continue
        if assignment.role in NATIONAL_ROLES:
            return StaffScope(national=True)
        if assignment.udc_centre_id:
            if not assignment.udc_centre.is_active:
                continue  # a closed centre's operators act nowhere
            ids = {p.pk for p in assignment.udc_centre.pourashavas.all()}
            pourashavas |= ids
            whole |= ids
        elif assignment.pourashava_id:
            pourashavas.add(assignment.pourashava_id)
            if assignment.role in WARD_ROLES:
                # Fail closed: a ward role saved without its ward sees no ward, not all of them.
                ward_set = wards.setdefault(assignment.pourashava_id, set())
                if assignment.ward_id:
                    ward_set.add(assignment.ward_id)
            else:
                whole.add(assignment.pourashava_id)
    limits = {p: frozenset(w) for p, w in wards.items() if p not in whole}
    return StaffScope(pourashava_ids=frozenset(pourashavas), ward_limits=limits)


def restrict(
    queryset: QuerySet,
    user: User,
    *,
    pourashava_field: str = "pourashava",
    ward_field: str | None = None,
    roles: Iterable[str] | None = None,
) -> QuerySet:
    """`queryset` cut down to what `user` may see. Rows of a ward-limited pourashava are kept only
    for the user's wards when `ward_field` is given, and dropped when it is not (the row is not
    ward-bound, so a ward-bound user has no business with it)."""
    scope = scope_of(user, roles)
    if scope.national:
        return queryset
    if scope.is_empty:
        return queryset.none()
    whole = scope.pourashava_ids - set(scope.ward_limits)
    condition = Q(**{f"{pourashava_field}__in": whole})
    if ward_field is not None:
        for pourashava_id, ward_ids in scope.ward_limits.items():
            condition |= Q(**{pourashava_field: pourashava_id, f"{ward_field}__in": ward_ids})
    return queryset.filter(condition)
