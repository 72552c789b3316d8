"""Clerk panel for certificates: the types a pourashava issues (fees, SLA, wording, form), the
applications with their SLA colour and with whom they wait, bulk approve / recommend through the
workflow engine, and the signatories' signature images.

Scoping follows TenantScopedAdmin: staff see their pourashava; a ward councillor (a ward-bound
role) sees only their own ward's applications, in the list and on the detail page.

Importing the package registers every admin (Django's autodiscover imports it)."""

from services.certificates.admin import applications, signatories, types

__all__ = ["applications", "signatories", "types"]
