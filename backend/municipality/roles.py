"""Which roles may see and change the tenancy tables (wards and mahallas)."""

from backend.identity.models import CENTRE_ROLES, NATIONAL_ROLES, Role

# Every role that is bound to one pourashava (and, for a councillor, one ward of it).
POURASHAVA_ROLES = frozenset(Role) - NATIONAL_ROLES - CENTRE_ROLES

# Any pourashava staff member may read its wards and mahallas; national roles read them all.
TENANCY_VIEW_ROLES = POURASHAVA_ROLES | NATIONAL_ROLES
# The secretary or mayor adds and renames their own pourashava's wards; a system
# administrator sets up the wards of a newly added pourashava.
TENANCY_CHANGE_ROLES = frozenset({Role.SECRETARY, Role.MAYOR, Role.SYSTEM_ADMIN})
# Only a system administrator (or superuser) edits the pourashava records themselves.
POURASHAVA_CHANGE_ROLES = frozenset({Role.SYSTEM_ADMIN})
