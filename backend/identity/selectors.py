"""Identity reads, scoped once here: staff see their pourashavas' rows, citizens their own."""

from django.db.models import QuerySet

from backend.common.digits import to_ascii_digits
from backend.common.errors import NotFound
from backend.common.text import Text
from backend.identity.models import (
    AssistedAction,
    AuditEntry,
    Citizen,
    RoleAssignment,
    UdcCentre,
    User,
)
from backend.identity.roles import OVERSIGHT_ROLES
from backend.municipality.models import Pourashava, Ward
from backend.municipality.scoping import restrict

POURASHAVA_NOT_FOUND = Text(en="No such pourashava.", bn="এমন কোনো পৌরসভা নেই।")
WARD_NOT_FOUND = Text(en="No such ward in this pourashava.", bn="এই পৌরসভায় এমন কোনো ওয়ার্ড নেই।")
CENTRE_NOT_FOUND = Text(en="No such digital centre.", bn="এমন কোনো ডিজিটাল সেন্টার নেই।")


def role_assignments() -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.select_related(
        "user", "pourashava", "ward", "udc_centre", "granted_by"
    ).order_by("pourashava__code", "role", "user__username", "pk")


def role_assignments_for_staff(user: User, roles=OVERSIGHT_ROLES) -> QuerySet[RoleAssignment]:
    return restrict(role_assignments(), user, roles=roles)


def assisted_actions() -> QuerySet[AssistedAction]:
    return AssistedAction.objects.select_related(
        "operator", "udc_centre", "pourashava", "citizen"
    ).order_by("-at", "-pk")


def assisted_actions_of_citizen(citizen: Citizen) -> QuerySet[AssistedAction]:
    return assisted_actions().filter(citizen=citizen)


def assisted_actions_for_staff(user: User, roles=OVERSIGHT_ROLES) -> QuerySet[AssistedAction]:
    return restrict(assisted_actions(), user, roles=roles)


def audit_entries_for_staff(
    user: User,
    *,
    object_type: str | None = None,
    object_id: str | None = None,
    action: str | None = None,
    roles=OVERSIGHT_ROLES,
) -> QuerySet[AuditEntry]:
    """Entries of the user's pourashavas (entries with no pourashava: national staff only)."""
    queryset = restrict(
        AuditEntry.objects.select_related("actor", "pourashava").order_by("-at", "-pk"),
        user,
        roles=roles,
    )
    if object_type:
        queryset = queryset.filter(object_type=object_type)
    if object_id:
        queryset = queryset.filter(object_id=object_id)
    if action:
        queryset = queryset.filter(action=action)
    return queryset


def pourashava_by_code_or_id(value: str | int) -> Pourashava:
    """An active pourashava by its code (`NAT`) or its id, Bangla digits accepted."""
    text = to_ascii_digits(str(value)).strip()
    queryset = Pourashava.objects.filter(is_active=True)
    if text.isdigit():
        found = queryset.filter(pk=int(text)).first()
    else:
        found = queryset.filter(code__iexact=text).first()
    if found is None:
        raise NotFound("pourashava_not_found", POURASHAVA_NOT_FOUND)
    return found


def ward_by_number(pourashava: Pourashava, value: str | int) -> Ward:
    text = to_ascii_digits(str(value)).strip()
    ward = None
    if text.isdigit():
        ward = Ward.objects.filter(pourashava=pourashava, number=int(text)).first()
    if ward is None:
        raise NotFound("ward_not_found", WARD_NOT_FOUND)
    return ward


def udc_centre_by_code(code: str) -> UdcCentre:
    centre = UdcCentre.objects.filter(code__iexact=code.strip()).first()
    if centre is None:
        raise NotFound("udc_centre_not_found", CENTRE_NOT_FOUND)
    return centre
