"""Fixtures for document tests: each test signs with its own freshly generated keys."""

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.factories import PourashavaFactory


def raw_private_b64(key: Ed25519PrivateKey) -> str:
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode()


@pytest.fixture
def signing_key(settings) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    settings.DOCUMENT_SIGNING_KEYS = f"test1:{raw_private_b64(key)}"
    settings.DOCUMENT_VERIFY_KEYS = ""
    return key


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def pourashava(db):
    return PourashavaFactory(
        code="NAT",
        name_en="Natore Pourashava",
        name_bn="নাটোর পৌরসভা",
        district_en="Natore",
        district_bn="নাটোর",
        upazila_en="Natore Sadar",
        upazila_bn="নাটোর সদর",
    )


@pytest.fixture
def other_pourashava(db):
    return PourashavaFactory(code="FRD", name_en="Faridpur Pourashava", name_bn="ফরিদপুর পৌরসভা")


SAMPLE_FIELDS = {
    "holder_name_bn": "মোছাঃ রহিমা খাতুন",
    "holder_name_en": "Mst. Rahima Khatun",
    "purpose_bn": "ক্ষতিপূরণ ও পৌরকর",
    "purpose_en": "compensation and holding tax",
    "amount": "1234.50",
}


@pytest.fixture
def sample_fields() -> dict:
    return dict(SAMPLE_FIELDS)
