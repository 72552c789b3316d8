"""Signed document tokens: what the QR code carries.

Current format (2): base32 (RFC 4648, upper case, no padding) of

    0x02                      format version
    key tag                   1 byte: first byte of SHA-256 of the signing key's raw public key
    document id               unsigned LEB128 varint (the register's row id)
    digest                    8 bytes: SHA-256 of the canonical JSON of the fields, truncated
    signature                 64 bytes: Ed25519 over b"pourashava-doc\x00" + everything above

About 122 characters, all in the QR code's alphanumeric set (5.5 bits a character instead of 8),
so the QR with its URL is version 7 at level M instead of 10-11 and scans from a 150 dpi print.
The signature covers everything in the token, so anyone with the public keys
(GET /api/v1/verify/keys/, each with its `tag`) can check a token offline; the server also
checks that the register's row still hashes to the signed digest.

Format 1 (documents issued before format 2, still verified): base64url(payload) "."
base64url(signature), about 190 characters, where the payload is

    0x01                      format version
    kid, kind, number, code   each as 1-byte length + UTF-8 bytes
    issued                    2 bytes big-endian: days since 2000-01-01
    digest                    16 bytes: SHA-256 of the canonical JSON of the fields, truncated

The signature is Ed25519 over b"pourashava-doc\\x00" + payload (the prefix keeps these
signatures from being valid for any other use of the same key). Offline checkers take the public
key for `kid` from GET /api/v1/verify/keys/.
"""

import base64
import hashlib
import json
import re
import struct
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from cryptography.exceptions import InvalidSignature

from backend.common.errors import AppError
from backend.common.text import Text
from backend.documents.keys import Keyring, b64url, b64url_decode, get_keyring, key_tag

VERSION = 1
SHORT_VERSION = 2
DIGEST_BYTES = 16
SHORT_DIGEST_BYTES = 8
SIGNATURE_BYTES = 64
MAX_SHORT_TOKEN_LENGTH = 200
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


@dataclass(frozen=True)
class ShortClaims:
    """What a format-2 token says: register row `document_id`, whose fields hash to `digest`."""

    kid: str  # the key that verified it ("" until checked)
    document_id: int
    digest: bytes  # SHORT_DIGEST_BYTES


@dataclass(frozen=True)
class SignatureCheck:
    claims: "TokenClaims | ShortClaims"
    outcome: str  # "ok" | "unknown_key" | "bad_signature"


_BASE32 = re.compile(r"[A-Z2-7]+")


def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        byte, number = number & 0x7F, number >> 7
        out.append(byte | (0x80 if number else 0))
        if not number:
            return bytes(out)


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    number = shift = 0
    while True:
        if pos >= len(data) or shift > 56:
            raise MalformedToken
        byte = data[pos]
        number |= (byte & 0x7F) << shift
        pos, shift = pos + 1, shift + 7
        if not byte & 0x80:
            return number, pos


def _b32(data: bytes) -> str:
    return base64.b32encode(data).rstrip(b"=").decode("ascii")


def _b32_decode(text: str) -> bytes:
    """Strict, like b64url_decode: one spelling per byte string."""
    if not _BASE32.fullmatch(text):
        raise MalformedToken
    try:
        data = base64.b32decode(text + "=" * (-len(text) % 8))
    except (ValueError, base64.binascii.Error):
        raise MalformedToken from None
    if _b32(data) != text:
        raise MalformedToken
    return data


def short_digest(fields: dict) -> bytes:
    return fields_digest(fields)[:SHORT_DIGEST_BYTES]


def make_short_token(
    *, document_id: int, fields: dict, keyring: Keyring | None = None
) -> tuple[str, ShortClaims]:
    """A format-2 token for register row `document_id`, signed with the current key."""
    keyring = keyring or get_keyring()
    if document_id < 1:
        raise ValueError("document ids are positive")
    digest = short_digest(fields)
    public = keyring.public_key(keyring.current_kid)
    payload = bytes([SHORT_VERSION, key_tag(public)]) + _varint(document_id) + digest
    signature = keyring.signing_key.sign(SIGNATURE_CONTEXT + payload)
    claims = ShortClaims(kid=keyring.current_kid, document_id=document_id, digest=digest)
    return _b32(payload + signature), claims


def _check_short_token(token: str, keyring: Keyring | None) -> SignatureCheck:
    if len(token) > MAX_SHORT_TOKEN_LENGTH:
        raise MalformedToken
    data = _b32_decode(token)
    if len(data) < 3 + SHORT_DIGEST_BYTES + SIGNATURE_BYTES or data[0] != SHORT_VERSION:
        raise MalformedToken
    payload, signature = data[:-SIGNATURE_BYTES], data[-SIGNATURE_BYTES:]
    document_id, pos = _read_varint(payload, 2)
    digest = payload[pos:]
    if (
        len(digest) != SHORT_DIGEST_BYTES
        or document_id < 1
        or _varint(document_id) != payload[2:pos]
    ):
        raise MalformedToken
    candidates = (keyring or get_keyring()).keys_tagged(payload[1])
    if not candidates:
        return SignatureCheck(ShortClaims("", document_id, digest), "unknown_key")
    for kid, public in candidates:
        try:
            public.verify(signature, SIGNATURE_CONTEXT + payload)
        except InvalidSignature:
            continue
        return SignatureCheck(ShortClaims(kid, document_id, digest), "ok")
    return SignatureCheck(ShortClaims("", document_id, digest), "bad_signature")


def check_token(token: str, keyring: Keyring | None = None) -> SignatureCheck:
    """Parse a token (either format) and check its signature. Raises MalformedToken when it is
    not one at all."""
    if isinstance(token, str) and "." not in token:
        return _check_short_token(token, keyring)
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
