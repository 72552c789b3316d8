"""Porichoy (porichoy.gov.bd), the national NID verification gateway, over HTTP.

Porichoy checks an NID, a date of birth (YYYY-MM-DD) and the English name exactly as on the card
(letters only). The official API reference sits behind a subscription; the path, field names and
answer used here (`PORICHOY_VERIFY_PATH`, {"national_id", "person_dob", "person_fullname"} ->
{"passKyc": "yes"|"no"}) follow public third-party clients and must be checked against the
contract before going live. They are kept in this one module for that reason."""

import datetime

import requests
from django.conf import settings

from backend.common.errors import AppError
from backend.identity.nid.base import (
    NID_SERVICE_UNAVAILABLE,
    NidResult,
    NidVerifier,
    comparable_name,
)


class PorichoyNidVerifier(NidVerifier):
    source = "porichoy"

    def __init__(
        self,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float | None = None,
    ) -> None:
        self.base_url = (base_url if base_url is not None else settings.PORICHOY_BASE_URL).rstrip(
            "/"
        )
        self.api_key = api_key if api_key is not None else settings.PORICHOY_API_KEY
        self.timeout = timeout if timeout is not None else settings.PORICHOY_TIMEOUT_SECONDS

    def verify(self, nid: str, date_of_birth: datetime.date, name_en: str) -> NidResult:
        if not self.base_url:
            raise _unavailable()
        payload = {
            "national_id": nid,
            "person_dob": date_of_birth.isoformat(),
            # Letters only, as Porichoy compares them; case kept as typed.
            "person_fullname": " ".join(
                "".join(ch if ch.isalpha() and ch.isascii() else " " for ch in name_en).split()
            ),
            "match_name": True,
        }
        try:
            response = requests.post(
                self.base_url + settings.PORICHOY_VERIFY_PATH,
                json=payload,
                headers={"x-api-key": self.api_key, "Accept": "application/json"},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise _unavailable() from exc
        if response.status_code >= 500 or response.status_code in (401, 403, 429):
            # Their outage, or our key/quota: the citizen can only try again later.
            raise _unavailable()
        try:
            data = response.json()
        except ValueError as exc:
            raise _unavailable() from exc
        if not isinstance(data, dict):
            raise _unavailable()
        passed = str(data.get("passKyc", "")).lower() == "yes"
        details = {"status_code": response.status_code}
        if data.get("errorCode"):
            details["error_code"] = str(data["errorCode"])[:50]
        if passed and comparable_name(str(data.get("nameEn", name_en))) != comparable_name(name_en):
            # Treat the gateway's answer as untrusted: a pass must be about the name we sent.
            passed = False
            details["reason"] = "name_mismatch_in_answer"
        return NidResult(passed, self.source, details)


def _unavailable() -> AppError:
    return AppError("nid_service_unavailable", NID_SERVICE_UNAVAILABLE, status_code=503)
