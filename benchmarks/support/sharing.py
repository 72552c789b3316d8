"""Set-up for benchmarks/bench_sharing.py (nothing here is a test or runs in production): a
benchmark agency with the holding-clearance scope, a high rate limit (the load is the figure,
not the limiter), and a live bearer token made directly (the token endpoint is not the
figure), plus a demo holding to ask about."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from oauth2_provider.models import get_access_token_model

from backend.sharing.models import Agency, AgencyPurpose, AgencyScope, LegalBasis
from backend.sharing.services.agencies import new_application
from services.property.models import Holding

AGENCY = "bench-registrar"
PURPOSE = "deed_registration"


def agency_token() -> str:
    with transaction.atomic():
        agency = Agency.objects.filter(code=AGENCY).select_related("application").first()
        if agency is None:
            application, _secret = new_application(f"agency:{AGENCY}")
            agency = Agency.objects.create(
                code=AGENCY,
                name_en="Benchmark sub-registrar",
                name_bn="বেঞ্চমার্ক সাব-রেজিস্ট্রার",
                kind="sub_registrar",
                application=application,
                rate_limit_per_minute=10_000_000,
            )
            AgencyScope.objects.create(agency=agency, scope="holding_tax")
            AgencyPurpose.objects.create(
                agency=agency,
                code=PURPOSE,
                text_en="Benchmark",
                text_bn="বেঞ্চমার্ক",
                legal_basis=LegalBasis.LAW,
                basis_reference="benchmark",
            )
        token = secrets.token_urlsafe(30)
        get_access_token_model().objects.create(
            application=agency.application,
            token=token,
            scope="holding_tax",
            expires=timezone.now() + timedelta(hours=2),
        )
    return token


def subject() -> str:
    """A holding of the demo data (owned by a demo citizen, so the log names them)."""
    holding = (
        Holding.objects.select_related("pourashava", "ward")
        .filter(pourashava__code="NAT")
        .order_by("ward__number", "number")
        .first()
    )
    if holding is None:
        raise RuntimeError("no demo holding in NAT: load the demo data first")
    return holding.reference
