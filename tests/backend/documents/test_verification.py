"""Public verification: the JSON API, the page a phone opens, and the public keys."""

import base64
import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.contrib.staticfiles import finders
from django.utils import timezone

from backend.documents import formatting
from backend.documents.keys import Keyring, get_keyring
from backend.documents.signing import TokenClaims, fields_digest, sign_claims
from tests.backend.documents.helpers import issue_sample

pytestmark = pytest.mark.django_db


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _tamper(token: str) -> str:
    if "." not in token:  # format 2: the middle character lies in the signature
        middle = len(token) // 2
        return token[:middle] + ("B" if token[middle] != "B" else "C") + token[middle + 1 :]
    payload, signature = token.split(".")
    middle = len(signature) // 2
    swapped = "B" if signature[middle] != "B" else "C"
    return f"{payload}.{signature[:middle]}{swapped}{signature[middle + 1 :]}"


def _claims_of(document) -> TokenClaims:
    return TokenClaims(
        kid=document.kid,
        kind=document.kind,
        number=document.number,
        pourashava_code=document.pourashava.code,
        issued_on=timezone.localdate(document.issued_at),
        digest=bytes.fromhex(document.digest),
    )


def test_tampered_token_is_not_genuine(api, signing_key, pourashava, sample_fields):
    document = issue_sample(pourashava, sample_fields)
    response = api.get(f"/api/v1/verify/{_tamper(document.token)}/")
    assert response.status_code == 200
    body = response.json()
    assert (body["genuine"], body["code"]) == (False, "bad_signature")
    assert "number" not in body and "fields" not in body  # nothing leaks from a forgery


def test_token_from_an_unknown_key_is_not_genuine(api, signing_key, pourashava, sample_fields):
    document = issue_sample(pourashava, sample_fields)
    forger = Keyring.from_private_keys([("forged", Ed25519PrivateKey.generate())])
    claims = _claims_of(document)
    forged = sign_claims(
        TokenClaims(
            "forged",
            claims.kind,
            claims.number,
            claims.pourashava_code,
            claims.issued_on,
            claims.digest,
        ),
        forger,
    )
    body = api.get(f"/api/v1/verify/{forged}/").json()
    assert (body["genuine"], body["code"]) == (False, "unknown_key")
    same_kid = sign_claims(
        claims, Keyring.from_private_keys([("test1", Ed25519PrivateKey.generate())])
    )
    body = api.get(f"/api/v1/verify/{same_kid}/").json()
    assert (body["genuine"], body["code"]) == (False, "bad_signature")


def test_signed_data_copied_onto_another_document_is_not_genuine(
    api, signing_key, pourashava, sample_fields
):
    """A correctly signed token whose digest belongs to other data (e.g. an insider signing
    document A's fields under document B's number) does not match the register."""
    first = issue_sample(pourashava, sample_fields, number="NAT-SMP-1")
    second = issue_sample(
        pourashava, {**sample_fields, "holder_name_bn": "অন্য কেউ"}, number="NAT-SMP-2"
    )
    claims = _claims_of(second)
    copied = sign_claims(
        TokenClaims(
            claims.kid,
            claims.kind,
            claims.number,
            claims.pourashava_code,
            claims.issued_on,
            bytes.fromhex(first.digest),
        ),
        get_keyring(),
    )
    body = api.get(f"/api/v1/verify/{copied}/").json()
    assert (body["genuine"], body["code"]) == (False, "data_mismatch")
    # And a genuine token is tied to its own pourashava: the same number elsewhere is unknown.
    elsewhere = sign_claims(
        TokenClaims(claims.kid, claims.kind, claims.number, "FRD", claims.issued_on, claims.digest),
        get_keyring(),
    )
    body = api.get(f"/api/v1/verify/{elsewhere}/").json()
    assert (body["genuine"], body["code"]) == (False, "unknown_document")


def test_register_edited_after_issue_is_not_genuine(api, signing_key, pourashava, sample_fields):
    document = issue_sample(pourashava, sample_fields)
    type(document).objects.filter(pk=document.pk).update(
        fields={**document.fields, "amount": "12.00"}
    )
    body = api.get(f"/api/v1/verify/{document.token}/").json()
    assert (body["genuine"], body["code"]) == (False, "data_mismatch")


def test_malformed_token_is_400_in_the_api(api, signing_key):
    response = api.get("/api/v1/verify/not-a-token/")
    assert response.status_code == 400
    body = response.json()
    assert (body["genuine"], body["code"]) == (False, "malformed_token")
    assert body["error"]["code"] == "malformed_token"


def test_api_needs_no_login_and_ignores_a_bad_one(api, signing_key, pourashava, sample_fields):
    document = issue_sample(pourashava, sample_fields)
    api.credentials(HTTP_AUTHORIZATION="Bearer expired.or.garbage")
    response = api.get(f"/api/v1/verify/{document.token}/")
    assert response.status_code == 200
    assert response.json()["genuine"] is True


def test_only_public_fields_are_shown(api, signing_key, pourashava, sample_fields):
    document = issue_sample(pourashava, {**sample_fields, "nid": "1234567890"})
    body = api.get(f"/api/v1/verify/{document.token}/").json()
    assert body["genuine"] is True
    assert "nid" not in body["fields"]
    assert body["fields"]["holder_name_bn"] == sample_fields["holder_name_bn"]
    assert body["holder_name"] == {"bn": "মোছাঃ রহিমা খাতুন", "en": "Mst. Rahima Khatun"}


def test_public_page_genuine_in_both_languages(client, signing_key, pourashava, sample_fields):
    document = issue_sample(pourashava, sample_fields)
    response = client.get(f"/verify/{document.token}")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "আসল দলিল",
        "Genuine document",
        "বৈধ",
        "Valid",
        document.number,
        "নাটোর পৌরসভা",
        "Natore Pourashava",
        "মোছাঃ রহিমা খাতুন",
        "Mst. Rahima Khatun",
        "প্রত্যয়নপত্র (নমুনা)",
        "Certificate (sample)",
    ):
        assert text in html, text
    issued = timezone.localdate(document.issued_at)
    assert formatting.both_dates(issued, "bn") in html
    assert formatting.both_dates(issued, "en") in html
    assert 'name="viewport"' in html
    # No external assets: the phone fetches only this page and the vendored Bangla web font
    # from the same server, so letters are not boxes on a phone without a Bangla font.
    for marker in ("<script", "<link", 'src="', "http://", "https://", "//fonts"):
        assert marker not in html
    fonts = re.findall(r"url\(\"([^\"]+)\"\)", html)
    assert fonts and all(url.startswith("/static/documents/fonts/") for url in fonts), fonts
    regular = finders.find(fonts[0].removeprefix("/static/"))
    assert regular and Path(regular).read_bytes()[:4] == b"wOF2"
    assert (Path(regular).parent / "OFL.txt").exists()
    assert "font-src 'self'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_public_page_revoked(client, signing_key, pourashava, sample_fields):
    from backend.documents.services import revoke_document
    from tests.factories import UserFactory

    document = issue_sample(pourashava, sample_fields)
    revoke_document(document=document, reason="জাল আবেদন", actor=UserFactory())
    html = client.get(f"/verify/{document.token}").content.decode()
    assert "বাতিল" in html and "Revoked" in html and "জাল আবেদন" in html


@pytest.mark.parametrize("mangle", [_tamper, lambda token: "garbage"])
def test_public_page_not_genuine_is_still_an_answer(
    client, signing_key, pourashava, sample_fields, mangle
):
    document = issue_sample(pourashava, sample_fields)
    response = client.get(f"/verify/{mangle(document.token)}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "আসল নয়" in html and "Not genuine" in html
    assert document.number not in html


def test_public_keys_allow_offline_checks(api, signing_key, pourashava, sample_fields):
    document = issue_sample(pourashava, sample_fields)
    response = api.get("/api/v1/verify/keys/")
    assert response.status_code == 200
    keys = response.json()["keys"]
    assert [(k["kty"], k["crv"], k["kid"]) for k in keys] == [("OKP", "Ed25519", "test1")]
    assert "d" not in keys[0]  # never the private part
    # An offline checker: JWKS + the documented format (format 2), no database.
    data = base64.b32decode(document.token + "=" * (-len(document.token) % 8))
    payload, signature = data[:-64], data[-64:]
    assert payload[0] == 2 and payload[1] == keys[0]["tag"]
    public = Ed25519PublicKey.from_public_bytes(_b64url_decode(keys[0]["x"]))
    public.verify(signature, b"pourashava-doc\x00" + payload)  # raises if not genuine
    assert payload.endswith(fields_digest(document.fields)[:8])
    document_id, shift, pos = 0, 0, 2
    while True:  # LEB128 varint
        document_id |= (payload[pos] & 0x7F) << shift
        shift, pos = shift + 7, pos + 1
        if not payload[pos - 1] & 0x80:
            break
    assert document_id == document.pk


def test_verification_is_rate_limited(
    api, client, settings, signing_key, pourashava, sample_fields
):
    document = issue_sample(pourashava, sample_fields)
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "document_verify": "3/minute",
        },
    }
    codes = [api.get(f"/api/v1/verify/{document.token}/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert api.get(f"/api/v1/verify/{document.token}/").json()["error"]["code"] == "throttled"
    pages = [client.get(f"/verify/{document.token}").status_code for _ in range(4)]
    assert pages == [200, 200, 200, 429]


def test_tokens_of_the_first_format_still_verify(
    api, client, signing_key, pourashava, sample_fields
):
    """Documents issued before the short token carry the long one on paper: it stays genuine."""
    document = issue_sample(pourashava, sample_fields)
    legacy = sign_claims(_claims_of(document), get_keyring())
    assert "." in legacy and len(legacy) > len(document.token) + 40
    body = api.get(f"/api/v1/verify/{legacy}/").json()
    assert (body["genuine"], body["number"]) == (True, document.number)
    assert "আসল দলিল" in client.get(f"/verify/{legacy}").content.decode()
