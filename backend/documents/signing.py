"""Signed document tokens: what the QR code carries.

Token = base64url(payload) "." base64url(signature), no padding, URL-safe, about 180 characters
for a typical document, so the QR with its verification URL stays small (version 10-11 at level
M). The payload is a packed byte string rather than JSON to keep it short:

    0x01                      format version
    kid, kind, number, code   each as 1-byte length + UTF-8 bytes
    issued                    2 bytes big-endian: days since 2000-01-01
    digest                    16 bytes: SHA-256 of the canonical JSON of the fields, truncated

The signature is Ed25519 over b"pourashava-doc\\x00" + payload (the prefix keeps these
signatures from being valid for any other use of the same key). Offline checkers take the public
key for `kid` from GET /api/v1/verify/keys/.
"""

import hashlib
import json
import struct
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from cryptography.exceptions import InvalidSignature

from backend.common.errors import AppError
from backend.common.text import Text
from backend.documents.keys import Keyring, b64url, b64url_decode, get_keyring

VERSION = 1
DIGEST_BYTES = 16
SIGNATURE_CONTEXT = b"pourashava-doc\x00"
EPOCH = date(2000, 1, 1)
MAX_TOKEN_LENGTH = 600

MALFORMED = Text(en="This is not a document verification code.", bn="এটি দলিল যাচাইয়ের কোনো কোড নয়।")


class MalformedToken(AppError):
    def __init__(self) -> None:
        super().__init__("malformed_token", MALFORMED)


@dataclass(frozen=True)
class TokenClaims:
    kid: str
    kind: str
    number: str
    pourashava_code: str
    issued_on: date
    digest: bytes


def _json_safe(value: object) -> object:
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    if isinstance(value, float):
        raise TypeError("document fields never hold float; use Decimal or str")
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | bool):
        return value
    raise TypeError(f"document field of type {type(value).__name__} cannot be signed")


def normalise_fields(fields: dict) -> dict:
    """The fields as JSON values (Decimal and dates as strings): what is stored and digested."""
    return _json_safe(dict(fields))  # type: ignore[return-value]


def canonical_json(fields: dict) -> bytes:
    return json.dumps(
        normalise_fields(fields), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def fields_digest(fields: dict) -> bytes:
    return hashlib.sha256(canonical_json(fields)).digest()[:DIGEST_BYTES]


def _pack_str(text: str) -> bytes:
    data = text.encode("utf-8")
    if len(data) > 255:
        raise ValueError("token fields are at most 255 bytes")
    return bytes([len(data)]) + data


def encode_payload(claims: TokenClaims) -> bytes:
    days = (claims.issued_on - EPOCH).days
    if not 0 <= days <= 0xFFFF or len(claims.digest) != DIGEST_BYTES:
        raise ValueError("issue date or digest out of range")
    return (
        bytes([VERSION])
        + _pack_str(claims.kid)
        + _pack_str(claims.kind)
        + _pack_str(claims.number)
        + _pack_str(claims.pourashava_code)
        + struct.pack(">H", days)
        + claims.digest
    )


def decode_payload(payload: bytes) -> TokenClaims:
    try:
        if payload[0] != VERSION:
            raise MalformedToken
        pos, texts = 1, []
        for _ in range(4):
            size = payload[pos]
            texts.append(payload[pos + 1 : pos + 1 + size].decode("utf-8"))
            if len(texts[-1].encode()) != size:
                raise MalformedToken
            pos += 1 + size
        (days,) = struct.unpack(">H", payload[pos : pos + 2])
        digest = payload[pos + 2 :]
    except (IndexError, UnicodeDecodeError, struct.error):
        raise MalformedToken from None
    if len(digest) != DIGEST_BYTES:
        raise MalformedToken
    kid, kind, number, code = texts
    return TokenClaims(kid, kind, number, code, EPOCH + timedelta(days=days), digest)


def sign_claims(claims: TokenClaims, keyring: Keyring | None = None) -> str:
    """A token for the claims, signed with the keyring's current key (claims.kid must be it)."""
    keyring = keyring or get_keyring()
    if claims.kid != keyring.current_kid:
        raise ValueError("claims must name the current signing key")
    payload = encode_payload(claims)
    signature = keyring.signing_key.sign(SIGNATURE_CONTEXT + payload)
    return f"{b64url(payload)}.{b64url(signature)}"


def make_token(
    *, kind: str, number: str, pourashava_code: str, issued_on: date, fields: dict
) -> tuple[str, TokenClaims]:
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


@dataclass(frozen=True)
class SignatureCheck:
    claims: TokenClaims
    outcome: str  # "ok" | "unknown_key" | "bad_signature"


def check_token(token: str, keyring: Keyring | None = None) -> SignatureCheck:
    """Parse a token and check its signature. Raises MalformedToken when it is not one at all."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH or token.count(".") != 1:
        raise MalformedToken
    payload_text, signature_text = token.split(".")
    try:
        payload = b64url_decode(payload_text)
        signature = b64url_decode(signature_text)
    except ValueError:
        raise MalformedToken from None
    if len(signature) != 64:
        raise MalformedToken
    claims = decode_payload(payload)
    public = (keyring or get_keyring()).public_key(claims.kid)
    if public is None:
        return SignatureCheck(claims, "unknown_key")
    try:
        public.verify(signature, SIGNATURE_CONTEXT + payload)
    except InvalidSignature:
        return SignatureCheck(claims, "bad_signature")
    return SignatureCheck(claims, "ok")
