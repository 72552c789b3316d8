"""Who sees what in the monitor: national roles (and superusers) every pourashava, a district
viewer the pourashavas of their district, a pourashava's staff their own. Anyone else: 403.
A pourashava asked for outside the scope is answered as not found (404), not confirmed."""

from django.db.models import Q

from backend.common.errors import Forbidden, NotFound
from backend.identity.models import CENTRE_ROLES, NATIONAL_ROLES, Role, User
from backend.identity.roles import assignments_of
from backend.monitor import errors
from backend.monitor.registry import MonitorScope
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava


def viewer_scope(user: User, fiscal_year: str | None = None) -> MonitorScope:
    fiscal_year = fiscal_year or FiscalYear.of().label
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise Forbidden("permission_denied", errors.NOT_ALLOWED)
    if user.is_superuser:
        return MonitorScope(None, fiscal_year)
    districts: set[str] = set()
    ids: set[int] = set()
    for assignment in assignments_of(user):
        if assignment.role in NATIONAL_ROLES:
            return MonitorScope(None, fiscal_year)
        if assignment.role == Role.DISTRICT_VIEWER and assignment.district_en:
            districts.add(assignment.district_en.strip().lower())
        elif assignment.role not in CENTRE_ROLES and assignment.pourashava_id:
            ids.add(assignment.pourashava_id)
    if districts:
        query = Q()
        for district in districts:
            query |= Q(district_en__iexact=district)
        ids |= set(Pourashava.objects.filter(query).values_list("pk", flat=True))
    if not ids:
        raise Forbidden("permission_denied", errors.NOT_ALLOWED)
    return MonitorScope(frozenset(ids), fiscal_year)


def is_national(scope: MonitorScope) -> bool:
    return scope.pourashava_ids is None


def pourashavas_in(scope: MonitorScope):
    queryset = Pourashava.objects.filter(is_active=True)
    if scope.pourashava_ids is not None:
        queryset = queryset.filter(pk__in=scope.pourashava_ids)
    return queryset.order_by("code")


def pourashava_in_scope(scope: MonitorScope, pourashava_id: int) -> Pourashava:
    if scope.pourashava_ids is not None and pourashava_id not in scope.pourashava_ids:
        raise NotFound("not_found", errors.NOT_FOUND)
    pourashava = Pourashava.objects.filter(pk=pourashava_id).first()
    if pourashava is None:
        raise NotFound("not_found", errors.NOT_FOUND)
    return pourashava


def narrowed(scope: MonitorScope, pourashava_id: int | None) -> MonitorScope:
    """The scope cut to one pourashava (checked), or unchanged."""
    if pourashava_id is None:
        return scope
    pourashava_in_scope(scope, pourashava_id)
    return MonitorScope(frozenset({pourashava_id}), scope.fiscal_year)
