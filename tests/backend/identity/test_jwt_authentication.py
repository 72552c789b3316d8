"""Bearer tokens: the user is read on every request (nothing cached between requests), so a
deactivated or deleted account is refused on its very next request, however fresh its token;
a refresh token, blacklisted or not, is never a bearer token; and the user the lean lookup
builds is the same user the ORM would give."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from backend.identity.authentication import load_user
from backend.identity.models import Citizen, User
from tests.backend.identity.factories import (  # noqa: F401 (fast_passwords: a fixture)
    AssistedSessionFactory,
    CitizenFactory,
    PourashavaFactory,
    fast_passwords,
    udc_operator,
)
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

ME = "/api/v1/me/"
REFRESH = "/api/v1/auth/token/refresh/"


def bearer(token) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def refused(response) -> bool:
    return response.status_code == 401 and (
        response.json()["error"]["code"] == "authentication_failed"
    )


def test_a_deactivated_citizen_is_refused_on_the_next_request():
    citizen = CitizenFactory()
    client = bearer(RefreshToken.for_user(citizen.user).access_token)
    assert client.get(ME).status_code == 200

    citizen.user.is_active = False
    citizen.user.save(update_fields=["is_active"])

    assert refused(client.get(ME))  # the same unexpired token, at once: no grace window


def test_a_deactivated_or_deleted_staff_member_is_refused_on_the_next_request():
    natore = PourashavaFactory(code="NAT")
    operator, _ = udc_operator(natore)
    client = bearer(RefreshToken.for_user(operator).access_token)
    assert client.get(ME).status_code == 403  # logged in (not a citizen), not 401

    User.objects.filter(pk=operator.pk).update(is_active=False)  # no signals, no save()
    assert refused(client.get(ME))

    plain = UserFactory()
    token = RefreshToken.for_user(plain).access_token
    plain.delete()
    assert refused(bearer(token).get(ME))


def test_a_refresh_token_is_not_a_bearer_token_and_a_rotated_one_is_dead():
    citizen = CitizenFactory()
    refresh = RefreshToken.for_user(citizen.user)
    assert refused(bearer(refresh).get(ME))  # a refresh token never authenticates a request

    rotated = APIClient().post(REFRESH, {"refresh": str(refresh)}, format="json")
    assert rotated.status_code == 200, rotated.content
    # The old refresh token is now blacklisted: it cannot refresh again, nor act as a bearer.
    again = APIClient().post(REFRESH, {"refresh": str(refresh)}, format="json")
    assert again.status_code == 401
    assert refused(bearer(refresh).get(ME))
    assert bearer(rotated.json()["access"]).get(ME).status_code == 200


def test_a_token_naming_no_user_or_a_malformed_id_is_refused():
    for user_id in (987654321, "not-a-number"):
        token = AccessToken()
        token["user_id"] = user_id
        assert refused(bearer(token).get(ME))


def test_the_loaded_user_and_citizen_equal_the_orm_ones(django_assert_num_queries):
    citizen = CitizenFactory(name_bn="রহিম", present_address="Natore")
    staff = UserFactory(is_staff=True)
    for user, own in ((citizen.user, citizen), (staff, None)):
        expected = User.objects.get(pk=user.pk)
        with django_assert_num_queries(1):
            loaded = load_user(user.pk)
            loaded_citizen = getattr(loaded, "citizen", None)  # read with the user
        for field in User._meta.concrete_fields:
            assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
        assert loaded.date_joined.tzinfo is not None  # database converters applied
        if own is None:
            assert loaded_citizen is None
            continue
        fresh = Citizen.objects.get(pk=own.pk)
        for field in Citizen._meta.concrete_fields:
            assert getattr(loaded_citizen, field.attname) == getattr(fresh, field.attname)
        assert loaded_citizen.user is loaded
    assert load_user(987654321) is None


def test_an_operator_with_a_token_acts_for_the_citizen_only_in_a_live_session():
    natore = PourashavaFactory(code="NAT")
    operator, centre = udc_operator(natore)
    citizen = CitizenFactory()
    session = AssistedSessionFactory(
        operator=operator, pourashava=natore, citizen=citizen, udc_centre=centre
    )
    client = bearer(RefreshToken.for_user(operator).access_token)

    me = client.get(ME, HTTP_X_ASSISTED_SESSION=str(session.pk))
    assert me.status_code == 200, me.content
    assert citizen.mobile in me.content.decode()
    # Without the header the operator is no citizen at all.
    assert client.get(ME).status_code == 403


def test_a_dead_or_borrowed_session_never_falls_back_to_the_operators_own_citizen():
    # The operator is a citizen too: their own row is loaded with the token. A session header
    # that does not hold must be refused, not quietly answered as the operator themselves.
    natore = PourashavaFactory(code="NAT")
    operator, centre = udc_operator(natore)
    CitizenFactory(user=operator)
    ended = AssistedSessionFactory(
        operator=operator, pourashava=natore, udc_centre=centre, ended_at=timezone.now()
    )
    colleague, _ = udc_operator(natore)
    theirs = AssistedSessionFactory(operator=colleague, pourashava=natore, udc_centre=centre)
    client = bearer(RefreshToken.for_user(operator).access_token)
    assert client.get(ME).status_code == 200  # as themselves, without a header
    for session in (ended, theirs):
        refused = client.get(ME, HTTP_X_ASSISTED_SESSION=str(session.pk))
        assert refused.status_code == 403, refused.content
        assert refused.json()["error"]["code"] == "assisted_session_invalid"
    assert client.get(ME, HTTP_X_ASSISTED_SESSION="not-a-uuid").status_code == 403
