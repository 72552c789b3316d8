"""Onboarding an agency: its OAuth2 client (client credentials), scopes and purposes. The raw
client secret exists only in the return value: django-oauth-toolkit stores it hashed."""

from dataclasses import dataclass

from django.db import transaction
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import get_application_model

from backend.sharing.models import Agency


@dataclass(frozen=True)
class Credentials:
    client_id: str
    client_secret: str


def new_application(name: str):
    Application = get_application_model()
    secret = generate_client_secret()
    application = Application.objects.create(
        name=name[:255],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
        hash_client_secret=True,
        skip_authorization=True,
    )
    return application, secret


@transaction.atomic
def rotate_secret(agency: Agency) -> Credentials:
    """A new secret for the agency's client; the old one stops working at once."""
    application = agency.application
    secret = generate_client_secret()
    application.client_secret = secret
    application.save(update_fields=["client_secret"])
    return Credentials(application.client_id, secret)
