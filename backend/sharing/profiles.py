"""An agency's access profile (active, scopes, purposes, rate limit), read on every call. Kept in
the cache (Redis in production, shared by every worker) and dropped whenever the agency, one of
its scopes or one of its purposes is saved or deleted, so a suspension or a scope taken away in
the panel holds from the next call; the TTL is only a safety net."""

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache

PROFILE_SECONDS = 300


@dataclass(frozen=True)
class Purpose:
    code: str
    text_en: str
    text_bn: str
    legal_basis: str
    basis_reference: str


@dataclass(frozen=True)
class AgencyProfile:
    pk: int
    code: str
    name_en: str
    name_bn: str
    is_active: bool
    valid_until: date | None
    rate_limit_per_minute: int
    scopes: frozenset[str]
    purposes: tuple[Purpose, ...]


def _key(application_id: int) -> str:
    return f"sharing:agency:{application_id}"


def profile_of(application_id: int) -> AgencyProfile | None:
    profile = cache.get(_key(application_id))
    if profile is None:
        from backend.sharing.selectors import agency_of_application

        agency = agency_of_application(application_id)
        if agency is None:
            return None
        profile = AgencyProfile(
            pk=agency.pk,
            code=agency.code,
            name_en=agency.name_en,
            name_bn=agency.name_bn,
            is_active=agency.is_active,
            valid_until=agency.valid_until,
            rate_limit_per_minute=agency.rate_limit_per_minute,
            scopes=frozenset(s.scope for s in agency.scopes.all()),
            purposes=tuple(
                Purpose(p.code, p.text_en, p.text_bn, p.legal_basis, p.basis_reference)
                for p in agency.purposes.all()
            ),
        )
        cache.set(_key(application_id), profile, PROFILE_SECONDS)
    return profile


def forget(application_id: int | None) -> None:
    if application_id is not None:
        cache.delete(_key(application_id))
