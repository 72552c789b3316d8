"""Who does what in the certificates clerk panel."""

from backend.identity.models import Role

OFFICERS = frozenset({Role.CERTIFICATE_OFFICER})
COUNCILLORS = frozenset({Role.WARD_COUNCILLOR})
OVERSEERS = frozenset({Role.SECRETARY, Role.MAYOR})
# Who may edit a type's fees, SLA and wording: the pourashava's office, not the counter.
TYPE_EDITORS = OVERSEERS
# Whose signature may be printed on a certificate.
SIGNING_ROLES = frozenset({Role.CERTIFICATE_OFFICER, Role.MAYOR})
