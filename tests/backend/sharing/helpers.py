"""Agencies, tokens and subjects for the agency API tests."""

from dataclasses import dataclass

from rest_framework.test import APIClient

from backend.identity.models import Citizen
from backend.sharing.models import Agency, AgencyPurpose, AgencyScope, LegalBasis
from backend.sharing.services.agencies import new_application

GOV = "/api/gov/v1"


@dataclass
class Client:
    agency: Agency
    client_id: str
    secret: str


def make_agency(
    code: str = "bank",
    scopes: tuple[str, ...] = ("trade_licence",),
    purposes: tuple[str, ...] = ("account_opening",),
    basis: str = LegalBasis.MOU,
    **fields,
) -> Client:
    application, secret = new_application(f"agency:{code}")
    agency = Agency.objects.create(
        code=code,
        name_en=f"Agency {code}",
        name_bn=f"সংস্থা {code}",
        kind="bank",
        application=application,
        **fields,
    )
    for scope in scopes:
        AgencyScope.objects.create(agency=agency, scope=scope)
    for purpose in purposes:
        AgencyPurpose.objects.create(
            agency=agency,
            code=purpose,
            text_en=f"Purpose {purpose}",
            text_bn=f"উদ্দেশ্য {purpose}",
            legal_basis=basis,
            basis_reference="MoU 12/2026",
        )
    return Client(agency, application.client_id, secret)


def token_response(client: Client, scope: str | None = None):
    """The real token endpoint, client credentials in the body, over the test client."""
    data = {
        "grant_type": "client_credentials",
        "client_id": client.client_id,
        "client_secret": client.secret,
    }
    if scope is not None:
        data["scope"] = scope
    return APIClient().post(f"{GOV}/token/", data)


def agency_api(client: Client, language: str = "en") -> APIClient:
    response = token_response(client)
    assert response.status_code == 200, response.content
    api = APIClient()
    api.credentials(
        HTTP_AUTHORIZATION=f"Bearer {response.json()['access_token']}",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    return api


def lookup(api: APIClient, dataset: str, subject: str, purpose: str | None, **extra):
    query = {"subject": subject, **extra}
    if purpose is not None:
        query["purpose"] = purpose
    return api.get(f"{GOV}/datasets/{dataset}/lookup/", query)


def batch(api: APIClient, dataset: str, subjects: list[str], purpose: str | None, **extra):
    body = {"subjects": subjects, **extra}
    if purpose is not None:
        body["purpose"] = purpose
    return api.post(f"{GOV}/datasets/{dataset}/batch/", body, format="json")


def citizen_api(citizen: Citizen) -> APIClient:
    api = APIClient()
    api.force_authenticate(citizen.user)
    return api
