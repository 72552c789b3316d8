"""The keyring for document signatures: one current Ed25519 signing key and the public keys of
every key that ever signed (by kid), so documents issued before a rotation keep verifying.

Configuration (settings, read from the environment):
- DOCUMENT_SIGNING_KEYS: "kid:key" entries separated by commas (or ";" or newlines). The first entry
  signs new documents; the others only verify. `key` is the 32-byte raw private key in base64
  (standard or URL-safe), or a PKCS#8 PEM with its newlines written as "\\n".
- DOCUMENT_VERIFY_KEYS: "kid:public" entries for retired keys whose private part is gone
  (32-byte raw public key in base64).
- With neither set and DOCUMENT_GENERATE_DEV_KEY on (default: DEBUG, so the embedded default
  and its test runs), one key is generated once into
  DOCUMENT_SIGNING_KEY_FILE (under var/, gitignored), so restarts keep verifying old documents.
"""

import base64
import binascii
import functools
import hashlib
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

KID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_SETTINGS = (
    "DOCUMENT_SIGNING_KEYS",
    "DOCUMENT_VERIFY_KEYS",
    "DOCUMENT_SIGNING_KEY_FILE",
    "DOCUMENT_GENERATE_DEV_KEY",
)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Strict: only the URL-safe alphabet, no padding, and the canonical encoding, so two
    different strings never decode to the same bytes (a changed character always matters)."""
    if not re.fullmatch(r"[A-Za-z0-9_-]*", text) or len(text) % 4 == 1:
        raise ValueError("not base64url")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if b64url(data) != text:
        raise ValueError("non-canonical base64url")
    return data


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def derived_kid(public: Ed25519PublicKey, prefix: str = "k") -> str:
    """A short kid from the key itself (for generated keys that nobody named)."""
    return prefix + b64url(hashlib.sha256(raw_public(public)).digest()[:6])


def key_tag(public: Ed25519PublicKey) -> int:
    """The one byte a short token names its key by (collisions are fine: all are tried)."""
    return hashlib.sha256(raw_public(public)).digest()[0]


@dataclass(frozen=True)
class Keyring:
    current_kid: str
    signing_key: Ed25519PrivateKey
    public_keys: dict[str, Ed25519PublicKey]

    def public_key(self, kid: str) -> Ed25519PublicKey | None:
        return self.public_keys.get(kid)

    def keys_tagged(self, tag: int) -> list[tuple[str, Ed25519PublicKey]]:
        return self._by_tag.get(tag, [])

    @functools.cached_property
    def _by_tag(self) -> dict[int, list[tuple[str, Ed25519PublicKey]]]:
        # Derived once per keyring (the tag is a hash of the raw public key), not per scan.
        tagged: dict[int, list[tuple[str, Ed25519PublicKey]]] = {}
        for kid, key in self.public_keys.items():
            tagged.setdefault(key_tag(key), []).append((kid, key))
        return tagged

    @classmethod
    def from_private_keys(
        cls,
        keys: list[tuple[str, Ed25519PrivateKey]],
        retired: list[tuple[str, Ed25519PublicKey]] | None = None,
    ) -> "Keyring":
        if not keys:
            raise ImproperlyConfigured("a document keyring needs at least one signing key")
        public: dict[str, Ed25519PublicKey] = {}
        for kid, key in [(kid, key.public_key()) for kid, key in keys] + list(retired or []):
            if not KID_PATTERN.match(kid):
                raise ImproperlyConfigured(f"document key id {kid!r}: use 1-32 of [A-Za-z0-9_-]")
            if kid in public:
                raise ImproperlyConfigured(f"document key id {kid!r} is listed twice")
            public[kid] = key
        return cls(current_kid=keys[0][0], signing_key=keys[0][1], public_keys=public)

    def jwks(self) -> dict:
        """JWKS-like public keys (RFC 8037 OKP) for offline verification."""
        return {
            "keys": [
                {
                    "kty": "OKP",
                    "crv": "Ed25519",
                    "kid": kid,
                    "x": b64url(raw_public(key)),
                    "tag": key_tag(key),
                    "use": "sig",
                    "alg": "EdDSA",
                    "current": kid == self.current_kid,
                }
                for kid, key in self.public_keys.items()
            ]
        }


def _decode_b64(text: str) -> bytes:
    text = text.strip()
    try:
        return base64.urlsafe_b64decode(
            text.replace("+", "-").replace("/", "_") + "=" * (-len(text) % 4)
        )
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured("document key is not valid base64") from exc


def _entries(value: str) -> list[tuple[str, str]]:
    entries = []
    for item in re.split(r"[,;\n]+", value.strip()):
        item = item.strip()
        if not item:
            continue
        kid, sep, key = item.partition(":")
        if not sep or not key:
            raise ImproperlyConfigured("document key entries are written kid:key")
        entries.append((kid, key))
    return entries


def parse_private_key(text: str) -> Ed25519PrivateKey:
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.replace("\\n", "\n").encode(), None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ImproperlyConfigured("document signing keys are Ed25519")
        return key
    raw = _decode_b64(text)
    if len(raw) != 32:
        raise ImproperlyConfigured("a raw Ed25519 private key is 32 bytes")
    return Ed25519PrivateKey.from_private_bytes(raw)


def parse_public_key(text: str) -> Ed25519PublicKey:
    raw = _decode_b64(text)
    if len(raw) != 32:
        raise ImproperlyConfigured("a raw Ed25519 public key is 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def _load_or_create_dev_key(path: Path) -> Ed25519PrivateKey:
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ImproperlyConfigured(f"{path} does not hold an Ed25519 key")
        return key
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: two processes starting together must not each write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _load_or_create_dev_key(path)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return key


def load_keyring_from_settings() -> Keyring:
    signing = [
        (kid, parse_private_key(key))
        for kid, key in _entries(getattr(settings, "DOCUMENT_SIGNING_KEYS", "") or "")
    ]
    retired = [
        (kid, parse_public_key(key))
        for kid, key in _entries(getattr(settings, "DOCUMENT_VERIFY_KEYS", "") or "")
    ]
    if not signing:
        # Read from settings, not settings.DEBUG: the test runner turns DEBUG off at run time.
        if not getattr(settings, "DOCUMENT_GENERATE_DEV_KEY", settings.DEBUG):
            raise ImproperlyConfigured("DOCUMENT_SIGNING_KEYS must be set outside DEBUG")
        path = Path(
            getattr(settings, "DOCUMENT_SIGNING_KEY_FILE", "")
            or Path(settings.BASE_DIR) / "var" / "document-signing-key.pem"
        )
        key = _load_or_create_dev_key(path)
        signing = [(derived_kid(key.public_key(), prefix="dev"), key)]
    return Keyring.from_private_keys(signing, retired)


_lock = threading.Lock()
_keyring: Keyring | None = None


def get_keyring() -> Keyring:
    """The process's keyring, loaded once from settings."""
    global _keyring
    if _keyring is None:
        with _lock:
            if _keyring is None:
                _keyring = load_keyring_from_settings()
    return _keyring


def reset_keyring() -> None:
    global _keyring
    with _lock:
        _keyring = None


@receiver(setting_changed)
def _settings_changed(*, setting: str, **kwargs) -> None:
    if setting in _SETTINGS:
        reset_keyring()
