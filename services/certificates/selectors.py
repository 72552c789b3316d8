"""Reads of certificate types and applications, scoped once here: a citizen sees their own;
staff see what their certificate roles cover (a councillor: their own ward)."""

from django.db.models import Prefetch, QuerySet

from backend.identity.models import Citizen, Role, User
from backend.municipality.scoping import scope_of
from services.certificates.models import (
    CertificateApplication,
    CertificateAttachment,
    CertificateType,
)

# Staff whose work touches certificate applications (the workflow's roles and the pourashava's
# senior officers, who answer for the office).
STAFF_ROLES = frozenset(
    {Role.WARD_COUNCILLOR, Role.CERTIFICATE_OFFICER, Role.SECRETARY, Role.MAYOR}
)


def active_types(pourashava_code: str) -> QuerySet:
    return CertificateType.objects.filter(
        pourashava__code=pourashava_code.upper(), is_active=True
    ).order_by("name_en")


def _detailed(queryset: QuerySet) -> QuerySet:
    return queryset.select_related(
        "application",
        "application__applicant",
        "pourashava",
        "ward",
        "mahalla",
        "certificate_type",
        "certificate",
        "fee_demand",
        "deceased",
    ).prefetch_related(
        "heirs",
        Prefetch("attachments", queryset=CertificateAttachment.objects.select_related("upload")),
    )


def applications_of(citizen: Citizen) -> QuerySet:
    """A citizen's own certificate applications, newest first."""
    return _detailed(
        CertificateApplication.objects.filter(application__applicant=citizen)
    ).order_by("-created_at", "-id")


def application_of_citizen(citizen: Citizen, number: str) -> CertificateApplication | None:
    return applications_of(citizen).filter(application__number=number).first()


def application_for_staff(user: User, number: str) -> CertificateApplication | None:
    """The application if `user`'s certificate roles cover its pourashava and ward, else None
    (the caller answers 404: out of scope looks the same as absent)."""
    found = _detailed(CertificateApplication.objects.filter(application__number=number)).first()
    if found is None:
        return None
    if not scope_of(user, STAFF_ROLES).covers(found.pourashava_id, found.ward_id):
        return None
    return found
