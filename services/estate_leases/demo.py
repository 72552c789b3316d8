"""Demo data (safe to run again): in every pilot pourashava an estate officer, two tender
committee members and a lease collector, and three demo markets with three years of history
(values marked demo): a hat-bazar leased each year, a cattle hat directly collected in the
current year (all bids were below the reserve), and a ferry ghat."""

import zlib
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from backend.identity.demo import DEMO_PASSWORD, PILOT_CODES
from backend.identity.models import Role, RoleAssignment, User
from backend.municipality.models import Pourashava
from services.estate_leases.lease_year import lease_year_of
from services.estate_leases.models import (
    NonLeaseReason,
    Outcome,
    Property,
    PropertyKind,
    YearOutcome,
)

STAFF = (
    ("estate_officer", Role.ESTATE_OFFICER, "estate officer"),
    ("tender_committee1", Role.TENDER_COMMITTEE, "tender committee member 1"),
    ("tender_committee2", Role.TENDER_COMMITTEE, "tender committee member 2"),
    ("lease_collector", Role.LEASE_COLLECTOR, "lease collector"),
)
# (code suffix, kind, English name, Bangla name, base value in taka)
MARKETS = (
    ("HAT-1", PropertyKind.HAT_BAZAR, "Boro Bazar hat", "বড় বাজার হাট", 300_000),
    ("HAT-2", PropertyKind.TEMP_CATTLE_HAT, "Eid cattle hat", "ঈদের পশুর হাট", 150_000),
    ("GHAT-1", PropertyKind.FERRY_GHAT, "River ferry ghat", "নদীর খেয়াঘাট", 120_000),
)
DEMO_NOTE = "ডেমো মান, প্রকৃত ইজারা নয়।"  # shown in the Bangla panel as it is


def _staff(pourashava: Pourashava, password_hash: str) -> User:
    officer = None
    for suffix, role, label in STAFF:
        user, _ = User.objects.get_or_create(
            username=f"{pourashava.code.lower()}.{suffix}",
            defaults={
                "full_name": f"{pourashava.name_en} {label} (demo)",
                "password": password_hash,
                "is_staff": True,
            },
        )
        RoleAssignment.objects.get_or_create(user=user, role=role, pourashava=pourashava)
        if role == Role.ESTATE_OFFICER:
            officer = user
    return officer


def _value(code: str, base: int, year: int) -> Decimal:
    """A steady demo figure per market and year (varies by pourashava, within ±15%)."""
    wobble = zlib.crc32(f"{code}:{year}".encode()) % 31 - 15
    return Decimal(base * (100 + wobble) // 100 // 100 * 100)


def _market(pourashava: Pourashava, suffix, kind, name_en, name_bn) -> Property:
    prop, _ = Property.objects.get_or_create(
        pourashava=pourashava,
        code=f"{pourashava.code}-{suffix}",
        defaults={
            "kind": kind,
            "name_en": f"{name_en} (demo)",
            "name_bn": f"{name_bn} (ডেমো)",
            "mouza": "ডেমো মৌজা",
            "dag": "101",
            "hat_days": "sat,tue" if kind == PropertyKind.HAT_BAZAR else "",
            "dc_approval_ref": f"DEMO-DC/{pourashava.code}/2019/{suffix}",
            "is_demo": True,
        },
    )
    return prop


def load(out: Callable[[str], None]) -> None:
    year = lease_year_of(timezone.localdate()).year
    history = (year - 2, year - 1, year)
    password_hash = make_password(DEMO_PASSWORD)
    made = 0
    with transaction.atomic():
        for pourashava in Pourashava.objects.filter(code__in=PILOT_CODES).order_by("code"):
            _staff(pourashava, password_hash)
            for suffix, kind, name_en, name_bn, base in MARKETS:
                prop = _market(pourashava, suffix, kind, name_en, name_bn)
                for y in history:
                    direct = suffix == "HAT-2" and y == year
                    _, created = YearOutcome.objects.get_or_create(
                        property=prop,
                        year=y,
                        defaults={
                            "pourashava": pourashava,
                            "outcome": Outcome.DIRECT if direct else Outcome.LEASED,
                            "reason": NonLeaseReason.BELOW_RESERVE if direct else "",
                            "reason_text": DEMO_NOTE + (" সব দর সরকারি মূল্যের কম।" if direct else ""),
                            "realised_value": _value(prop.code, base, y),
                            "is_demo": True,
                        },
                    )
                    made += created
    out(
        f"estate leases demo: {len(MARKETS)} markets per pilot pourashava, years "
        f"{history[0]}-{history[-1]} ({made} new year records); logins <code>.estate_officer, "
        "<code>.tender_committee1/2, <code>.lease_collector"
    )
