"""Who may do what, by role in the row's pourashava (the API and panel scope rows the same way;
services check again so no way in can skip it)."""

from backend.common.errors import Forbidden
from backend.identity.models import Role, User
from backend.identity.roles import has_role
from services.estate_leases import errors

OFFICERS = frozenset({Role.ESTATE_OFFICER})
COMMITTEE = frozenset({Role.TENDER_COMMITTEE})
COLLECTORS = frozenset({Role.LEASE_COLLECTOR})
APPROVERS = frozenset({Role.MAYOR})
STAFF = OFFICERS | COMMITTEE | COLLECTORS | APPROVERS
VIEWERS = STAFF | {Role.SECRETARY, Role.DISTRICT_VIEWER, Role.NATIONAL_VIEWER}


def require(user: User, roles: frozenset[str], pourashava_id: int, message=None) -> None:
    if user.is_superuser or has_role(user, roles, pourashava_id=pourashava_id):
        return
    raise Forbidden("estate_not_allowed", message or errors.POURASHAVA_NOT_YOURS)
