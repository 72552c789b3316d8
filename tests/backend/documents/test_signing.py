"""Tokens and keys: compact, signed, strict; keys rotate without orphaning old documents."""

import base64
import os
import stat
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured

from backend.documents.keys import Keyring, b64url, get_keyring, raw_public
from backend.documents.signing import (
    MalformedToken,
    ShortClaims,
    TokenClaims,
    canonical_json,
    check_token,
    decode_payload,
    encode_payload,
    fields_digest,
    make_short_token,
    sign_claims,
)
from tests.backend.documents.conftest import raw_private_b64


def make_token(
    *, kind: str, number: str, pourashava_code: str, issued_on, fields: dict
) -> tuple[str, TokenClaims]:
    """A format-1 (dotted) token, as documents issued before the short QR carry: the app no
    longer makes these, but must keep verifying them."""
    keyring = get_keyring()
    claims = TokenClaims(
        kid=keyring.current_kid,
        kind=kind,
        number=number,
        pourashava_code=pourashava_code,
        issued_on=issued_on,
        digest=fields_digest(fields),
    )
    return sign_claims(claims, keyring), claims


CLAIMS = dict(
    kind="trade_license",
    number="NAT-TL-2025-26-000123",
    pourashava_code="NAT",
    issued_on=date(2025, 11, 21),
    fields={"holder_name_bn": "করিম", "fee": "1500.00"},
)


def test_token_round_trip_and_size(signing_key):
    token, claims = make_token(**CLAIMS)
    check = check_token(token)
    assert check.outcome == "ok"
    assert check.claims == claims
    assert check.claims.kid == "test1"
    assert check.claims.issued_on == date(2025, 11, 21)
    assert check.claims.digest == fields_digest(CLAIMS["fields"])
    # Small enough for a low-version QR together with the verification URL.
    assert len(token) < 200
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")


def test_payload_packs_and_unpacks_bangla_and_long_values():
    claims = TokenClaims("k", "certificate", "নাটোর-১২৩/২০২৫", "NAT", date(2079, 1, 1), b"\x01" * 16)
    assert decode_payload(encode_payload(claims)) == claims


def test_digest_is_canonical_and_covers_every_field():
    assert fields_digest({"a": "1", "b": "২"}) == fields_digest({"b": "২", "a": "1"})
    assert fields_digest({"a": "1", "b": "২"}) != fields_digest({"a": "1", "b": "২ "})
    assert canonical_json({"b": 1, "a": "ক"}) == '{"a":"ক","b":1}'.encode()
    with pytest.raises(TypeError):
        canonical_json({"amount": 1.5})


def test_every_single_character_change_is_caught(signing_key):
    token, _ = make_token(**CLAIMS)
    alphabet = "AbZ09-_"
    for position, original in enumerate(token):
        if original == ".":
            continue
        replacement = next(c for c in alphabet if c != original)
        altered = token[:position] + replacement + token[position + 1 :]
        try:
            outcome = check_token(altered).outcome
        except MalformedToken:
            continue
        assert outcome != "ok", f"change at {position} went unnoticed"


def test_non_canonical_base64_is_rejected(signing_key):
    token, _ = make_token(**CLAIMS)
    payload, signature = token.split(".")
    # 64 bytes -> 86 characters; the last one carries 4 unused bits. Setting them changes the
    # text but not the bytes: a lax decoder would call this altered token genuine.
    last = signature[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    twin = alphabet[alphabet.index(last) ^ 0b0001]
    with pytest.raises(MalformedToken):
        check_token(f"{payload}.{signature[:-1]}{twin}")


@pytest.mark.parametrize(
    "text", ["", "abc", "a.b.c", "!!!.???", "AQ.AQ", "x" * 700 + "." + "y", 12345]
)
def test_garbage_is_malformed(signing_key, text):
    with pytest.raises(MalformedToken):
        check_token(text)


def test_unknown_kid_and_foreign_key_are_not_ok(signing_key):
    claims = make_token(**CLAIMS)[1]
    stranger = Keyring.from_private_keys([("rogue", Ed25519PrivateKey.generate())])
    rogue = sign_claims(
        TokenClaims(
            "rogue",
            *[
                getattr(claims, f)
                for f in ("kind", "number", "pourashava_code", "issued_on", "digest")
            ],
        ),
        stranger,
    )
    assert check_token(rogue).outcome == "unknown_key"
    # Same kid as ours, different key: a forger who guessed the kid.
    impostor = Keyring.from_private_keys([("test1", Ed25519PrivateKey.generate())])
    assert check_token(sign_claims(claims, impostor)).outcome == "bad_signature"


def test_rotation_keeps_old_documents_verifiable(settings, signing_key):
    old_token, _ = make_token(**CLAIMS)
    new_key = Ed25519PrivateKey.generate()
    old_public = b64url(raw_public(signing_key.public_key()))
    settings.DOCUMENT_SIGNING_KEYS = f"test2:{raw_private_b64(new_key)}"
    settings.DOCUMENT_VERIFY_KEYS = f"test1:{old_public}"
    assert check_token(old_token).outcome == "ok"
    new_token, claims = make_token(**CLAIMS)
    assert claims.kid == "test2"
    assert check_token(new_token).outcome == "ok"
    # Dropping the old public key orphans the old documents: proof the keyring decides.
    settings.DOCUMENT_VERIFY_KEYS = ""
    assert check_token(old_token).outcome == "unknown_key"


def test_pem_keys_are_accepted(settings):
    from cryptography.hazmat.primitives import serialization

    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    settings.DOCUMENT_SIGNING_KEYS = "pem1:" + pem.replace("\n", "\\n")
    assert get_keyring().current_kid == "pem1"
    assert raw_public(get_keyring().public_key("pem1")) == raw_public(key.public_key())


@pytest.mark.parametrize(
    "value",
    ["nokid", "bad kid!:" + base64.b64encode(b"x" * 32).decode(), "k:" + "QUJD"],
)
def test_bad_key_configuration_fails_loudly(settings, value):
    settings.DOCUMENT_SIGNING_KEYS = value
    with pytest.raises(ImproperlyConfigured):
        get_keyring()


def test_dev_key_is_generated_once_and_kept(settings, tmp_path):
    path = tmp_path / "var" / "doc-key.pem"
    settings.DOCUMENT_SIGNING_KEYS = ""
    settings.DOCUMENT_GENERATE_DEV_KEY = True
    settings.DOCUMENT_SIGNING_KEY_FILE = str(path)
    first = get_keyring().current_kid
    assert path.exists()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    token, _ = make_token(**CLAIMS)
    settings.DOCUMENT_SIGNING_KEY_FILE = str(path)  # a "restart": the keyring is reloaded
    settings.DOCUMENT_VERIFY_KEYS = ""
    assert get_keyring().current_kid == first
    assert check_token(token).outcome == "ok"


def test_production_without_keys_refuses(settings, tmp_path):
    settings.DOCUMENT_SIGNING_KEYS = ""
    settings.DOCUMENT_GENERATE_DEV_KEY = False
    settings.DOCUMENT_SIGNING_KEY_FILE = str(tmp_path / "never.pem")
    with pytest.raises(ImproperlyConfigured):
        get_keyring()
    assert not (tmp_path / "never.pem").exists()


# Format 2: the short token the QR carries now ---------------------------------------------

SHORT_FIELDS = {"holder_name_bn": "করিম", "fee": "1500.00"}


def test_short_token_is_alphanumeric_and_much_shorter(signing_key):
    token, _ = make_short_token(document_id=1_234_567, fields=SHORT_FIELDS)
    legacy, _ = make_token(**CLAIMS)
    # 1 + 1 + 3 (varint) + 8 + 64 bytes in base32: within the QR code's alphanumeric mode.
    assert len(token) == 124 and len(legacy) > 170
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    check = check_token(token)
    assert check.outcome == "ok"
    assert check.claims == ShortClaims("test1", 1_234_567, fields_digest(SHORT_FIELDS)[:8])


def test_every_single_character_change_of_a_short_token_is_caught(signing_key):
    token, _ = make_short_token(document_id=42, fields=SHORT_FIELDS)
    for position, original in enumerate(token):
        for replacement in {"A", "Z", "2", "7"} - {original}:
            altered = token[:position] + replacement + token[position + 1 :]
            try:
                outcome = check_token(altered).outcome
            except MalformedToken:
                continue
            assert outcome != "ok", (position, replacement)


def test_short_token_lowercase_padding_and_truncation_are_malformed(signing_key):
    token, _ = make_short_token(document_id=42, fields=SHORT_FIELDS)
    for text in (token.lower(), token + "====", token[:-8], token + "A", token[:20]):
        with pytest.raises(MalformedToken):
            check_token(text)


def test_short_tokens_survive_rotation_and_name_their_key(settings, signing_key):
    old_token, _ = make_short_token(document_id=7, fields=SHORT_FIELDS)
    newer = Ed25519PrivateKey.generate()
    settings.DOCUMENT_SIGNING_KEYS = (
        f"test2:{raw_private_b64(newer)},test1:{raw_private_b64(signing_key)}"
    )
    assert check_token(old_token).claims.kid == "test1"
    new_token, claims = make_short_token(document_id=8, fields=SHORT_FIELDS)
    assert claims.kid == "test2" and check_token(new_token).claims.kid == "test2"
    settings.DOCUMENT_SIGNING_KEYS = f"test2:{raw_private_b64(newer)}"
    assert check_token(old_token).outcome in ("unknown_key", "bad_signature")
    impostor = Keyring.from_private_keys([("test2", Ed25519PrivateKey.generate())])
    forged, _ = make_short_token(document_id=8, fields=SHORT_FIELDS, keyring=impostor)
    assert check_token(forged).outcome in ("unknown_key", "bad_signature")
