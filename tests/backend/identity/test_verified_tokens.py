"""A login token's signature is checked once per process while the token lasts, never its
user: a token used a moment ago is still refused the moment its user is deactivated, its
password changes or its tokens are revoked; a token past its expiry is checked afresh (and so
refused); a forged or altered token is refused every time; a new signing key drops every
kept token."""

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.tokens import AccessToken

from backend.identity import verified_tokens
from backend.identity.api.auth import tokens_for
from backend.identity.revocation import revoke_tokens
from tests.factories import CitizenFactory

ME = "/api/v1/me/"


def bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


@pytest.fixture(autouse=True)
def _empty_cache():
    verified_tokens.forget_all()
    yield
    verified_tokens.forget_all()


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["deactivate", "password", "revoke"])
def test_a_token_just_used_is_refused_once_its_user_changes(change):
    user = CitizenFactory().user
    client = bearer(tokens_for(user)["access"])
    assert client.get(ME).status_code == 200
    if change == "deactivate":
        user.is_active = False
        user.save()
    elif change == "password":
        user.set_password("a-new-password-9876")
        user.save()
    else:
        revoke_tokens(user.pk)
    response = client.get(ME)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


@pytest.mark.django_db
def test_an_altered_token_is_refused_every_time():
    user = CitizenFactory().user
    access = tokens_for(user)["access"]
    assert bearer(access).get(ME).status_code == 200
    head, body, signature = access.split(".")
    altered = f"{head}.{body}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    for _ in range(2):
        assert bearer(altered).get(ME).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("setting", ["SIMPLE_JWT", "SECRET_KEY"])
def test_new_signing_settings_drop_the_kept_tokens(settings, setting):
    token = AccessToken.for_user(CitizenFactory().user)
    raw, now = str(token).encode(), token["exp"] - 60
    checks = []

    def verify(raw_token: bytes) -> AccessToken:
        checks.append(raw_token)
        return AccessToken(raw_token)

    verified_tokens.validated(raw, verify, now=now)
    verified_tokens.validated(raw, verify, now=now)
    assert len(checks) == 1
    if setting == "SIMPLE_JWT":
        settings.SIMPLE_JWT = {**settings.SIMPLE_JWT, "SIGNING_KEY": "another-key-" + "k" * 40}
    else:
        settings.SECRET_KEY = "another-secret-" + "s" * 50
    verified_tokens.validated(raw, verify, now=now)
    assert len(checks) == 2  # checked afresh, under whatever key is now configured


@pytest.mark.django_db
def test_a_kept_token_is_verified_again_once_expired():
    token = AccessToken.for_user(CitizenFactory().user)
    raw = str(token).encode()
    checks = []

    def verify(raw_token: bytes) -> AccessToken:
        checks.append(raw_token)
        if len(checks) > 1:  # what simplejwt says of it by then
            raise InvalidToken("Token is expired")
        return AccessToken(raw_token)

    exp = token["exp"]
    assert verified_tokens.validated(raw, verify, now=exp - 60)["user_id"] == token["user_id"]
    verified_tokens.validated(raw, verify, now=exp - 1)
    assert len(checks) == 1  # kept while it lasts
    with pytest.raises(InvalidToken):
        verified_tokens.validated(raw, verify, now=exp)
    assert len(checks) == 2


@pytest.mark.django_db
def test_each_request_gets_its_own_claims():
    token = AccessToken.for_user(CitizenFactory().user)
    raw = str(token).encode()
    first = verified_tokens.validated(raw, AccessToken, now=token["exp"] - 60)
    first["user_id"] = "someone-else"
    second = verified_tokens.validated(raw, AccessToken, now=token["exp"] - 60)
    assert second["user_id"] == token["user_id"]
