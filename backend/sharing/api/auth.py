"""Who is calling the agency API: a bearer token from /api/gov/v1/token/ (client credentials)
whose OAuth2 client is bound to an active agency. Nothing else (no citizen or staff login)."""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from rest_framework.permissions import BasePermission

from backend.sharing.errors import AGENCY_SUSPENDED, NOT_AN_AGENCY, forbidden
from backend.sharing.profiles import profile_of
from backend.sharing.services.lookups import Caller


class AgencyTokenAuthentication(OAuth2Authentication):
    """django-oauth-toolkit's bearer check; a client-credentials token has no user, so the
    request's user is anonymous and the token is `request.auth`."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        _user, token = result
        return AnonymousUser(), token


class IsAgency(BasePermission):
    """A live token of an active, unexpired agency; sets `request.caller`."""

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if token is None or not hasattr(token, "application_id"):
            return False
        agency = profile_of(token.application_id)
        if agency is None:
            raise forbidden("not_an_agency", NOT_AN_AGENCY)
        if not agency.is_active or (
            agency.valid_until and agency.valid_until < timezone.localdate()
        ):
            raise forbidden("agency_suspended", AGENCY_SUSPENDED)
        request.caller = Caller(
            agency=agency,
            client_id=token.application.client_id,
            token_scopes=frozenset((token.scope or "").split()),
        )
        return True
