"""Nagad's message security: the sender RSA-encrypts the JSON `sensitiveData` with the receiver's
public key and signs the same JSON with its own private key (SHA256withRSA, PKCS#1 v1.5); the
receiver decrypts with its private key and verifies with the sender's public key.

Padding for the encryption is PKCS#1 v1.5 because Nagad's published merchant sample uses PHP's
`openssl_public_encrypt` default; that padding is old (Bleichenbacher), which is one more reason the
signature is always checked after decryption and a failure is never told apart to the sender.

Key material: PEM text from settings, or a PEM file. For the embedded default (sandboxes on) a
missing file is generated once (2048-bit, mode 0600, atomically) under var/, which is gitignored.
"""

import base64
import binascii
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
from django.core.exceptions import ImproperlyConfigured

KEY_BITS = 2048


class SealError(Exception):
    """A sealed message could not be opened: bad base64, wrong key, tampered or bad signature."""


def generate_private_key() -> RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)


def private_pem(key: RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def public_pem(key: RSAPublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def _normalise_pem(text: str, kind: str) -> bytes:
    """PEM as given, or the bare base64 body Nagad's portal hands out (no header lines)."""
    text = text.strip().replace("\\n", "\n")
    if "-----BEGIN" not in text:
        text = f"-----BEGIN {kind}-----\n{text}\n-----END {kind}-----\n"
    return text.encode()


@lru_cache(maxsize=32)
def load_private_key(pem: str) -> RSAPrivateKey:
    try:
        key = serialization.load_pem_private_key(_normalise_pem(pem, "PRIVATE KEY"), password=None)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured("Nagad: the RSA private key is not a readable PEM") from exc
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ImproperlyConfigured("Nagad: the private key is not RSA")
    return key


@lru_cache(maxsize=32)
def load_public_key(pem: str) -> RSAPublicKey:
    try:
        key = serialization.load_pem_public_key(_normalise_pem(pem, "PUBLIC KEY"))
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured("Nagad: the RSA public key is not a readable PEM") from exc
    if not isinstance(key, rsa.RSAPublicKey):
        raise ImproperlyConfigured("Nagad: the public key is not RSA")
    return key


def private_key_pem_from(*, pem: str, path: str, generate: bool) -> str:
    """The private key PEM from settings text, else from `path`; generated into `path` when
    missing and `generate` (the embedded default)."""
    if pem.strip():
        return pem
    if not path:
        raise ImproperlyConfigured("Nagad: no private key configured")
    file = Path(path)
    if not file.exists():
        if not generate:
            raise ImproperlyConfigured(f"Nagad: private key file {file} is missing")
        file.parent.mkdir(parents=True, exist_ok=True)
        # Written whole to a private temporary file, then linked into place: link fails if
        # another process got there first, and nobody ever reads a half-written key.
        fd, temporary = tempfile.mkstemp(dir=file.parent, prefix=".nagad-key-")
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(private_pem(generate_private_key()))
            os.link(temporary, file)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return file.read_text()


def _canonical(payload: dict) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def seal(payload: dict, *, to_public: RSAPublicKey, signer: RSAPrivateKey) -> dict[str, str]:
    """{"sensitiveData", "signature"} for `payload`, as Nagad's request and answer bodies carry."""
    plain = _canonical(payload)
    encrypted = to_public.encrypt(plain, padding.PKCS1v15())
    signature = signer.sign(plain, padding.PKCS1v15(), hashes.SHA256())
    return {
        "sensitiveData": base64.b64encode(encrypted).decode(),
        "signature": base64.b64encode(signature).decode(),
    }


def open_sealed(
    sensitive_data: str, signature: str, *, own_private: RSAPrivateKey, sender: RSAPublicKey
) -> dict:
    """Decrypt and verify; any failure is one SealError, whatever the cause."""
    try:
        encrypted = base64.b64decode(sensitive_data, validate=True)
        signed = base64.b64decode(signature, validate=True)
        plain = own_private.decrypt(encrypted, padding.PKCS1v15())
        sender.verify(signed, plain, padding.PKCS1v15(), hashes.SHA256())
        payload = json.loads(plain)
    except (binascii.Error, ValueError, TypeError, InvalidSignature) as exc:
        raise SealError("sealed data could not be opened") from exc
    if not isinstance(payload, dict):
        raise SealError("sealed data is not a JSON object")
    return payload
