"""Telling a pourashava's administrators about guarded staff logins: an audit entry and a panel
notice (both languages) for each pourashava whose staff usernames were concerned; unknown
usernames go to the national administrators (entries with no pourashava). One alert per lock:
repeated refused tries while it lasts raise no new one."""

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from backend.common.text import Text
from backend.identity.audit import client_address_of, record_audit
from backend.identity.models import RoleAssignment, SecurityNotice

PAIR_LOCKED = Text(
    en="Staff login: {failures} wrong passwords for username {username} from address "
    "{address}. That username is refused from that address for {minutes} minutes; the staff "
    "member can still sign in from their own. If it was not them, tell the system administrator.",
    bn="কর্মী লগইন: {address} ঠিকানা থেকে {username} ইউজারনেমে {failures} বার ভুল পাসওয়ার্ড "
    "দেওয়া হয়েছে। ওই ঠিকানা থেকে ইউজারনেমটি {minutes} মিনিট বন্ধ থাকবে; কর্মী নিজের ঠিকানা থেকে "
    "লগইন করতে পারবেন। এটি তিনি না হলে সিস্টেম প্রশাসককে জানান।",
)
ADDRESS_LOCKED = Text(
    en="Staff login: {failures} wrong passwords from address {address} over {count} "
    "usernames ({usernames}). Every login from that address is refused for {minutes} minutes.",
    bn="কর্মী লগইন: {address} ঠিকানা থেকে {count}টি ইউজারনেমে ({usernames}) {failures} বার ভুল "
    "পাসওয়ার্ড দেওয়া হয়েছে। ওই ঠিকানা থেকে সব লগইন {minutes} মিনিট বন্ধ থাকবে।",
)


def alert_pair_locked(*, request, username: str, failures: int, seconds: int) -> None:
    address = client_address_of(request) if request is not None else None
    if not _first_alert("pair", username, address or "", seconds):
        return
    params = {
        "username": username,
        "address": address or "?",
        "failures": failures,
        "minutes": max(1, seconds // 60),
    }
    _raise(
        request=request,
        kind="login_locked",
        text=PAIR_LOCKED,
        params=params,
        pourashavas=_pourashavas_of([username]),
        object_type="identity.username",
        object_id=username[:64] or "?",
        facts={"username": username, "failures": failures, "seconds": seconds},
    )


def alert_address_locked(*, request, usernames: list[str], failures: int, seconds: int) -> None:
    address = client_address_of(request) or "?"
    if not _first_alert("address", address, "", seconds):
        return
    shown = ", ".join(usernames[:10]) + (", ..." if len(usernames) > 10 else "")
    params = {
        "address": address,
        "failures": failures,
        "count": len(usernames),
        "usernames": shown,
        "minutes": max(1, seconds // 60),
    }
    _raise(
        request=request,
        kind="login_address_locked",
        text=ADDRESS_LOCKED,
        params=params,
        pourashavas=_pourashavas_of(usernames),
        object_type="identity.client_address",
        object_id=address,
        facts={"usernames": usernames, "failures": failures, "seconds": seconds},
    )


def _raise(
    *,
    request,
    kind: str,
    text: Text,
    params: dict,
    pourashavas: list[int | None],
    object_type: str,
    object_id: str,
    facts: dict,
) -> None:
    address = client_address_of(request) if request is not None else None
    audit_request = request if hasattr(request, "user") else None
    with transaction.atomic():
        for pourashava_id in pourashavas:
            record_audit(
                actor=None,
                action=f"identity.{kind}",
                object_type=object_type,
                object_id=object_id,
                pourashava=pourashava_id,
                after={**facts, "client_address": address},
                request=audit_request,
            )
            SecurityNotice.objects.create(
                pourashava_id=pourashava_id,
                kind=kind,
                message_en=text.render("en", **params),
                message_bn=text.render("bn", **params),
                client_address=address,
            )


def _pourashavas_of(usernames: list[str]) -> list[int | None]:
    """The pourashavas whose staff hold these usernames (None when none of them is known, so
    the national administrators still hear of it)."""
    # Counters keep usernames case-folded; stored usernames keep their case.
    matching = Q()
    for name in filter(None, usernames):
        matching |= Q(user__username__iexact=name)
    if not matching:
        return [None]
    ids = set(
        RoleAssignment.objects.filter(
            matching, is_active=True, pourashava__isnull=False
        ).values_list("pourashava_id", flat=True)
    )
    return sorted(ids) or [None]


def _first_alert(kind: str, first: str, second: str, seconds: int) -> bool:
    digest = hashlib.sha256(f"{first}\x00{second}".encode()).hexdigest()
    return cache.add(f"staff-login:alerted:{kind}:{digest}", 1, timeout=max(1, seconds))
