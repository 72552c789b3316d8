"""A citizen's consent to an agency reading their personal fields: asked for in the citizen API,
confirmed with a code sent by SMS to the citizen's own number (backend/identity OTP), revocable
at any time."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from backend.common.errors import AppError
from backend.identity.models import Citizen, OtpPurpose
from backend.identity.otp import request_otp, verify_otp
from backend.sharing.errors import NO_LIVE_CONSENT, NO_SUCH_AGENCY, not_found
from backend.sharing.models import Agency, ConsentGrant
from backend.sharing.scopes import personal_scope

DEFAULT_DAYS = 365


def consentable_agency(code: str, scope: str) -> Agency:
    """The active agency `code`, if it holds the personal scope of `scope` (else 404)."""
    agency = Agency.objects.filter(
        code=code, is_active=True, scopes__scope=personal_scope(scope)
    ).first()
    if agency is None:
        raise not_found("no_such_agency", NO_SUCH_AGENCY)
    return agency


def ask_consent(*, citizen: Citizen, agency_code: str, scope: str, client_address: str | None):
    """Send the consent code to the citizen's own mobile."""
    consentable_agency(agency_code, scope)
    return request_otp(
        mobile=citizen.mobile, purpose=OtpPurpose.AGENCY_CONSENT, client_address=client_address
    )


def give_consent(
    *, citizen: Citizen, agency_code: str, scope: str, code: str, days: int = DEFAULT_DAYS
) -> ConsentGrant:
    """Check the code (outside a transaction: a wrong try must stay counted) and record the
    consent, replacing a live one for the same agency and scope."""
    agency = consentable_agency(agency_code, scope)
    challenge = verify_otp(mobile=citizen.mobile, purpose=OtpPurpose.AGENCY_CONSENT, code=code)
    now = timezone.now()
    with transaction.atomic():
        ConsentGrant.objects.select_for_update().filter(
            citizen=citizen, agency=agency, scope=scope, revoked_at__isnull=True
        ).update(revoked_at=now)
        return ConsentGrant.objects.create(
            citizen=citizen,
            agency=agency,
            scope=scope,
            granted_at=now,
            expires_at=now + timedelta(days=days),
            otp_challenge=challenge.pk,
        )


def revoke_consent(*, citizen: Citizen, agency_code: str, scope: str) -> ConsentGrant:
    with transaction.atomic():
        grant = (
            ConsentGrant.objects.select_for_update()
            .filter(citizen=citizen, agency__code=agency_code, scope=scope, revoked_at__isnull=True)
            .first()
        )
        if grant is None:
            raise AppError("no_live_consent", NO_LIVE_CONSENT, status_code=404)
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
    return grant
