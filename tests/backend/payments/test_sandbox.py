"""The sandboxes themselves: the on/off switch, the control endpoint, the hosted page, and the
protocol checks a real gateway makes (credentials, tokens, signatures, challenges)."""

import json
import re

import pytest
from django.test import override_settings

from backend.payments.gateways import nagad_crypto
from backend.payments.gateways.nagad import now_text
from tests.backend.payments.gateways.helpers import gateway_settings, nagad_keys  # noqa: F401

BKASH = "/sandbox/bkash/v1.2.0-beta/tokenized/checkout"
NAGAD = "/sandbox/nagad/remote-payment-gateway-1.0/api/dfs"
SSL = "/sandbox/sslcommerz"


@pytest.fixture
def gw(nagad_keys):  # noqa: F811
    config = gateway_settings("http://testserver", nagad_keys)
    with override_settings(GATEWAY_SANDBOXES_ENABLED=True, PAYMENT_GATEWAYS=config):
        yield config


def post_json(client, url, body, **headers):
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def bkash_token(client, gw) -> str:
    config = gw["bkash"]
    response = post_json(
        client,
        f"{BKASH}/token/grant",
        {"app_key": config["APP_KEY"], "app_secret": config["APP_SECRET"]},
        HTTP_USERNAME=config["USERNAME"],
        HTTP_PASSWORD=config["PASSWORD"],
    )
    return response.json()["id_token"]


def bkash_create(client, gw, token, **overrides):
    body = {
        "mode": "0011",
        "payerReference": "01711000000",
        "callbackURL": "https://merchant.example/cb/",
        "amount": "250.00",
        "currency": "BDT",
        "intent": "sale",
        "merchantInvoiceNumber": "PAY<script>1",
        **overrides,
    }
    return post_json(
        client,
        f"{BKASH}/create",
        body,
        HTTP_AUTHORIZATION=token,
        HTTP_X_APP_KEY=gw["bkash"]["APP_KEY"],
    )


@pytest.mark.parametrize(
    ("method", "url", "enabled_status"),
    [
        ("post", f"{BKASH}/token/grant", 200),
        ("post", f"{NAGAD}/check-out/initialize/1/2", 400),
        ("post", f"{SSL}/gwprocess/v4/api.php", 200),
        ("get", f"{SSL}/validator/api/validationserverAPI.php", 200),
        ("get", "/sandbox/nagad/_control/", 200),
    ],
)
def test_sandboxes_are_404_when_disabled(client, gw, method, url, enabled_status):
    with override_settings(GATEWAY_SANDBOXES_ENABLED=False):
        assert getattr(client, method)(url).status_code == 404
    assert getattr(client, method)(url).status_code == enabled_status


def test_grant_refuses_wrong_credentials(client, gw):
    config = gw["bkash"]
    response = post_json(
        client,
        f"{BKASH}/token/grant",
        {"app_key": config["APP_KEY"], "app_secret": "guess"},
        HTTP_USERNAME=config["USERNAME"],
        HTTP_PASSWORD=config["PASSWORD"],
    )
    assert "id_token" not in response.json()
    assert response.json()["statusCode"] == "2079"


def test_create_needs_a_live_token_for_the_same_app_key(client, gw):
    assert bkash_create(client, gw, "no-such-token").status_code == 401
    token = bkash_token(client, gw)
    wrong_key = post_json(
        client, f"{BKASH}/create", {}, HTTP_AUTHORIZATION=token, HTTP_X_APP_KEY="another-app"
    )
    assert wrong_key.json()["statusCode"] == "2001"
    assert bkash_create(client, gw, token).json()["statusCode"] == "0000"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("mode", "0001", "2011"),
        ("amount", "abc", "2006"),
        ("amount", "-5", "2006"),
        ("currency", "USD", "2008"),
        ("callbackURL", "", "2065"),
    ],
)
def test_create_validates_like_bkash(client, gw, field, value, code):
    token = bkash_token(client, gw)
    assert bkash_create(client, gw, token, **{field: value}).json()["statusCode"] == code


def test_checkout_page_shows_amount_and_merchant_and_escapes(client, gw):
    created = bkash_create(client, gw, bkash_token(client, gw)).json()
    url = created["bkashURL"].removeprefix("http://testserver")
    page = client.get(url).content.decode()
    assert "250.00" in page
    assert "Test Pourashava" in page
    assert "PAY&lt;script&gt;1" in page and "<script>" not in page
    assert {"pay", "cancel", "fail"} <= set(re.findall(r'data-action="([a-z]+)"', page))

    # Without the page hash (someone guessing paymentIDs) there is no page and no button.
    bare = url.split("?")[0]
    assert client.get(bare).status_code == 404
    assert client.post(f"{bare}pay/").status_code == 404


def test_control_endpoint_validates_its_input(client, gw):
    assert post_json(client, "/sandbox/bkash/_control/", {"next": "explode"}).status_code == 400
    unknown = {"payment_id": "nope", "behaviour": "fail"}
    assert post_json(client, "/sandbox/bkash/_control/", unknown).status_code == 404


def test_behaviour_header_at_create_is_kept_on_the_payment(client, gw):
    token = bkash_token(client, gw)
    created = post_json(
        client,
        f"{BKASH}/create",
        {
            "mode": "0011",
            "payerReference": "x",
            "callbackURL": "https://merchant.example/cb/",
            "amount": "10",
            "currency": "BDT",
            "intent": "sale",
        },
        HTTP_AUTHORIZATION=token,
        HTTP_X_APP_KEY=gw["bkash"]["APP_KEY"],
        HTTP_X_SANDBOX_BEHAVIOUR="pending_then_paid",
    ).json()
    state = client.get("/sandbox/bkash/_control/", {"payment_id": created["paymentID"]}).json()
    assert state["behaviour"] == "pending_then_paid"


def test_nagad_complete_refuses_a_wrong_challenge(client, gw):
    config = gw["nagad"]
    merchant = nagad_crypto.load_private_key(config["MERCHANT_PRIVATE_KEY"])
    gateway = nagad_crypto.load_public_key(config["GATEWAY_PUBLIC_KEY"])
    when = now_text()
    init = post_json(
        client,
        f"{NAGAD}/check-out/initialize/{config['MERCHANT_ID']}/ORDERCHAL1",
        {
            "accountNumber": config["MERCHANT_NUMBER"],
            "dateTime": when,
            **nagad_crypto.seal(
                {
                    "merchantId": config["MERCHANT_ID"],
                    "datetime": when,
                    "orderId": "ORDERCHAL1",
                    "challenge": "abc",
                },
                to_public=gateway,
                signer=merchant,
            ),
        },
        HTTP_X_KM_API_VERSION="v-0.2.0",
    ).json()
    opened = nagad_crypto.open_sealed(
        init["sensitiveData"], init["signature"], own_private=merchant, sender=gateway
    )

    def complete(challenge):
        return post_json(
            client,
            f"{NAGAD}/check-out/complete/{opened['paymentReferenceId']}",
            {
                **nagad_crypto.seal(
                    {
                        "merchantId": config["MERCHANT_ID"],
                        "orderId": "ORDERCHAL1",
                        "currencyCode": "050",
                        "amount": "250.00",
                        "challenge": challenge,
                    },
                    to_public=gateway,
                    signer=merchant,
                ),
                "merchantCallbackURL": "https://merchant.example/cb/",
            },
        )

    assert complete("a-replayed-challenge").status_code == 400
    assert complete(opened["challenge"]).json()["status"] == "Success"


def test_sslcommerz_apis_refuse_wrong_store_credentials(client, gw):
    bad = {"store_id": gw["sslcommerz"]["STORE_ID"], "store_passwd": "guess"}
    init = client.post(f"{SSL}/gwprocess/v4/api.php", {**bad, "total_amount": "100"}).json()
    assert init["status"] == "FAILED"
    validation = client.get(f"{SSL}/validator/api/validationserverAPI.php", {**bad, "val_id": "1"})
    assert validation.json()["APIConnect"] == "INVALID_REQUEST"
