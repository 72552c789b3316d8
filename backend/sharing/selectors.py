"""Reads of the sharing app."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from backend.identity.models import Citizen
from backend.sharing.models import (
    Agency,
    AgencyPurpose,
    AgencyScope,
    ConsentGrant,
    Disclosure,
)


def agency_of_application(application_id: int) -> Agency | None:
    """The agency bound to an OAuth2 client, with its scopes and purposes (2 more queries)."""
    return (
        Agency.objects.filter(application_id=application_id)
        .prefetch_related(
            Prefetch("scopes", queryset=AgencyScope.objects.only("agency_id", "scope")),
            Prefetch("purposes", queryset=AgencyPurpose.objects.order_by("code")),
        )
        .first()
    )


def live_consents(agency_id: int, scope: str, citizen_ids: set[int]) -> dict[int, ConsentGrant]:
    """Live (not revoked, not expired) consents of these citizens for `agency` and `scope`."""
    if not citizen_ids:
        return {}
    grants = ConsentGrant.objects.filter(
        agency_id=agency_id,
        scope=scope,
        citizen_id__in=citizen_ids,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    return {grant.citizen_id: grant for grant in grants}


def disclosures_of(citizen: Citizen) -> QuerySet[Disclosure]:
    """Who looked at this citizen's records: every answered or refused call about them."""
    return (
        Disclosure.objects.filter(citizen=citizen).select_related("agency").order_by("-at", "-id")
    )


def consents_of(citizen: Citizen) -> QuerySet[ConsentGrant]:
    return ConsentGrant.objects.filter(citizen=citizen).select_related("agency")


def agencies_asking_personal_data() -> QuerySet[Agency]:
    """Agencies holding some personal scope: the ones a citizen may consent to."""
    return (
        Agency.objects.filter(is_active=True, scopes__scope__endswith=":personal")
        .distinct()
        .order_by("code")
    )
