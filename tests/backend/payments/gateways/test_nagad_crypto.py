"""Nagad's sealing (RSA encryption + SHA256withRSA signature) without the network."""

import base64
import os
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from backend.payments.gateways import nagad_crypto


@pytest.fixture(scope="module")
def keys():
    return nagad_crypto.generate_private_key(), nagad_crypto.generate_private_key()


def test_round_trip(keys):
    merchant, gateway = keys
    payload = {"merchantId": "683000000000099", "orderId": "PAY1", "amount": "250.00"}
    sealed = nagad_crypto.seal(payload, to_public=gateway.public_key(), signer=merchant)
    opened = nagad_crypto.open_sealed(
        sealed["sensitiveData"],
        sealed["signature"],
        own_private=gateway,
        sender=merchant.public_key(),
    )
    assert opened == payload


def test_tampered_data_wrong_sender_and_wrong_receiver_all_fail(keys):
    merchant, gateway = keys
    sealed = nagad_crypto.seal(
        {"amount": "250.00"}, to_public=gateway.public_key(), signer=merchant
    )
    tampered = bytearray(base64.b64decode(sealed["sensitiveData"]))
    tampered[-1] ^= 0x80
    cases = [
        (base64.b64encode(bytes(tampered)).decode(), sealed["signature"], gateway, merchant),
        (sealed["sensitiveData"], sealed["signature"], gateway, gateway),  # not the signer
        (sealed["sensitiveData"], sealed["signature"], merchant, merchant),  # not the receiver
        ("not base64!", sealed["signature"], gateway, merchant),
    ]
    for data, signature, receiver, sender in cases:
        with pytest.raises(nagad_crypto.SealError):
            nagad_crypto.open_sealed(
                data, signature, own_private=receiver, sender=sender.public_key()
            )


def test_bare_base64_keys_as_nagad_hands_them_out(keys):
    merchant, _ = keys
    pem = nagad_crypto.public_pem(merchant.public_key())
    bare = "".join(line for line in pem.splitlines() if "-----" not in line)
    assert (
        nagad_crypto.load_public_key(bare).public_numbers()
        == merchant.public_key().public_numbers()
    )


def test_embedded_default_key_file_is_generated_once_and_private(tmp_path):
    path = tmp_path / "keys" / "merchant.pem"
    first = nagad_crypto.private_key_pem_from(pem="", path=str(path), generate=True)
    second = nagad_crypto.private_key_pem_from(pem="", path=str(path), generate=True)
    assert first == second
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    nagad_crypto.load_private_key(first)


def test_missing_key_outside_the_embedded_default_is_a_configuration_error(tmp_path):
    with pytest.raises(ImproperlyConfigured):
        nagad_crypto.private_key_pem_from(pem="", path=str(tmp_path / "none.pem"), generate=False)
