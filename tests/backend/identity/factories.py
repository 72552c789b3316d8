"""Factories and helpers for the identity tests (roles, assisted service, audit, staff)."""

import re
from datetime import timedelta

import factory
import pytest
from django.utils import timezone

from backend.identity.models import (
    AssistedAction,
    AssistedSession,
    AuditEntry,
    OtpChallenge,
    OtpPurpose,
    Role,
)
from tests.factories import (
    CitizenFactory,
    PourashavaFactory,
    RoleAssignmentFactory,
    UdcCentreFactory,
    UserFactory,
    WardFactory,
)


@pytest.fixture
def fast_passwords(settings):
    """Test users' passwords hashed with a fast hasher: Argon2 per factory user is slow on a
    shared machine. Tests about password storage put Argon2 back first."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


class OtpChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OtpChallenge

    mobile = factory.Sequence(lambda n: f"0181{n:07d}")
    purpose = OtpPurpose.CONSENT
    code_hash = "not-a-real-hash"
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=5))
    max_attempts = 5


class AssistedSessionFactory(factory.django.DjangoModelFactory):
    """A live (confirmed, unexpired) session by default."""

    class Meta:
        model = AssistedSession

    operator = factory.SubFactory(UserFactory, is_staff=True)
    pourashava = factory.SubFactory(PourashavaFactory)
    citizen = factory.SubFactory(CitizenFactory)
    challenge = factory.SubFactory(
        OtpChallengeFactory, mobile=factory.SelfAttribute("..citizen.mobile")
    )
    confirmed_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=30))


class AssistedActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssistedAction

    session = factory.SubFactory(AssistedSessionFactory)
    pourashava = factory.SelfAttribute("session.pourashava")
    operator = factory.SelfAttribute("session.operator")
    udc_centre = factory.SelfAttribute("session.udc_centre")
    citizen = factory.SelfAttribute("session.citizen")
    action = "holding.apply"
    object_type = "property.holding"
    object_id = factory.Sequence(str)


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEntry

    actor = factory.SubFactory(UserFactory, is_staff=True)
    pourashava = factory.SubFactory(PourashavaFactory)
    action = "thing.change"
    object_type = "payments.payment"
    object_id = factory.Sequence(str)
    before = {"amount": "100.00"}
    after = {"amount": "120.00"}


def member(role: str, pourashava=None, **kwargs):
    """A staff user holding `role` (pourashava-bound unless `udc_centre` or a national role)."""
    return RoleAssignmentFactory(role=role, pourashava=pourashava, **kwargs).user


def councillor(pourashava, number: int = 1):
    ward = WardFactory(pourashava=pourashava, number=number)
    return member(Role.WARD_COUNCILLOR, pourashava, ward=ward)


def udc_operator(*pourashavas, **centre_fields):
    centre = UdcCentreFactory(pourashavas=list(pourashavas), **centre_fields)
    return member(Role.UDC_OPERATOR, None, udc_centre=centre), centre


_CONSENT = re.compile(r"Consent code: (\d{6})")


def consent_code_for(mobile: str) -> str:
    """The newest consent code SMS'd to `mobile` (memory SMS backend, on_commit executed)."""
    from backend.notifications.backends.memory import outbox

    for message in reversed(outbox()):
        found = _CONSENT.search(message.body)
        if message.to == mobile and found:
            return found.group(1)
    raise AssertionError(f"no consent code was sent to {mobile}")


__all__ = [
    "AssistedActionFactory",
    "AssistedSessionFactory",
    "AuditEntryFactory",
    "CitizenFactory",
    "OtpChallengeFactory",
    "PourashavaFactory",
    "UdcCentreFactory",
    "UserFactory",
    "WardFactory",
    "consent_code_for",
    "councillor",
    "fast_passwords",
    "member",
    "udc_operator",
]
