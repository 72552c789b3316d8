"""Shared fixtures and helpers for the gateway tests: the sandboxes run on pytest-django's
live_server (a real threaded HTTP server), the adapters are pointed at it, and a tiny HTTP server
stands in for the merchant's callback/IPN endpoint so the sandbox's own outbound calls are real too.
"""

import re
import threading
import uuid
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.test import override_settings

from backend.payments.gateways import nagad_crypto
from backend.payments.gateways.base import PaymentIntent

CONNECT_TIMEOUT = 2.0
# Generous for ordinary calls (the test machine may be busy); the timeout tests use an impatient
# adapter instead, and the sandbox's `timeout` sleep is well past that one's read timeout.
READ_TIMEOUT = 5.0
IMPATIENT_READ_TIMEOUT = 0.3
SLOW_SECONDS = 2.0


class Merchant:
    """A real HTTP endpoint recording what the 'gateway' sends to the merchant."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        merchant = self

        class Handler(BaseHTTPRequestHandler):
            def _record(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                parts = urlsplit(self.path)
                merchant.received.append(
                    {
                        "method": self.command,
                        "path": parts.path,
                        "query": {
                            k: v[0]
                            for k, v in parse_qs(parts.query, keep_blank_values=True).items()
                        },
                        "form": {
                            k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()
                        },
                    }
                )
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok")

            do_GET = _record
            do_POST = _record

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def at(self, path: str) -> list[dict]:
        return [hit for hit in self.received if hit["path"] == path]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def nagad_keys() -> dict[str, str]:
    """Fresh key pairs for this run: the merchant's and the (sandbox) gateway's."""
    merchant = nagad_crypto.generate_private_key()
    gateway = nagad_crypto.generate_private_key()
    return {
        "merchant_private": nagad_crypto.private_pem(merchant),
        "gateway_private": nagad_crypto.private_pem(gateway),
        "gateway_public": nagad_crypto.public_pem(gateway.public_key()),
    }


def gateway_settings(base: str, nagad_keys: dict[str, str]) -> dict:
    timeouts = {
        "CONNECT_TIMEOUT": CONNECT_TIMEOUT,
        "READ_TIMEOUT": READ_TIMEOUT,
        "SANDBOX_SLOW_SECONDS": SLOW_SECONDS,
    }
    return {
        "bkash": {
            "BASE_URL": f"{base}/sandbox/bkash/v1.2.0-beta/tokenized/checkout",
            "USERNAME": "test-user",
            "PASSWORD": "test-password",
            "APP_KEY": "test-app-key",
            "APP_SECRET": "test-app-secret",
            "MERCHANT_NAME": "Test Pourashava",
            **timeouts,
        },
        "nagad": {
            "BASE_URL": f"{base}/sandbox/nagad/remote-payment-gateway-1.0/api/dfs",
            "MERCHANT_ID": "683000000000099",
            "MERCHANT_NUMBER": "01700000099",
            "MERCHANT_PRIVATE_KEY": nagad_keys["merchant_private"],
            "GATEWAY_PUBLIC_KEY": nagad_keys["gateway_public"],
            "SANDBOX_PRIVATE_KEY": nagad_keys["gateway_private"],
            "MERCHANT_NAME": "Test Pourashava",
            **timeouts,
        },
        "sslcommerz": {
            "BASE_URL": f"{base}/sandbox/sslcommerz",
            "STORE_ID": "teststore",
            "STORE_PASSWORD": "teststore@pass",
            "IPN_URL": "",
            "MERCHANT_NAME": "Test Pourashava",
            **timeouts,
        },
    }


@pytest.fixture
def merchant():
    server = Merchant()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _warm_live_server(live_server, django_db_blocker) -> None:
    """The first request loads the whole URLconf (seconds on a busy machine); pay that once
    here rather than inside a test's read timeout. The server thread may touch the database
    (middleware), which a session fixture must allow explicitly."""
    with django_db_blocker.unblock():
        requests.get(f"{live_server.url}/healthz", timeout=120)


@pytest.fixture
def sandbox(live_server, nagad_keys, _warm_live_server):
    """Sandboxes on, adapters pointed at the live server; yields the live server's URL."""
    with override_settings(
        GATEWAY_SANDBOXES_ENABLED=True,
        PAYMENT_GATEWAYS=gateway_settings(live_server.url, nagad_keys),
    ):
        yield live_server.url


def impatient(code: str):
    """The configured adapter for `code`, but with a short read timeout."""
    from django.conf import settings

    from backend.payments.gateways.registry import ADAPTERS

    config = {**settings.PAYMENT_GATEWAYS[code], "READ_TIMEOUT": IMPATIENT_READ_TIMEOUT}
    return ADAPTERS[code](config)


def intent(return_url: str, amount: str = "250.00", reference: str | None = None) -> PaymentIntent:
    return PaymentIntent(
        reference=reference or "PAY" + uuid.uuid4().hex[:16].upper(),
        amount=Decimal(amount),
        currency="BDT",
        description="Holding tax 2025-26, holding NAT-0042",
        payer_mobile="01711000000",
        return_url=return_url,
    )


FORM = re.compile(r'<form method="post" action="([^"]+)" data-action="([a-z]+)">(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def forms(html: str) -> dict[str, tuple[str, dict[str, str]]]:
    import html as html_lib

    return {
        name: (
            html_lib.unescape(action),
            {k: html_lib.unescape(v) for k, v in HIDDEN.findall(body)},
        )
        for action, name, body in FORM.findall(html)
    }


def citizen_presses(redirect_url: str, button: str = "pay") -> requests.Response:
    """What the citizen's browser does: open the gateway's page and press a button."""
    page = requests.get(redirect_url, timeout=5)
    assert page.status_code == 200, page.text
    action, fields = forms(page.text)[button]
    return requests.post(
        urljoin(redirect_url, action), data=fields, timeout=10, allow_redirects=False
    )


def redirect_params(response: requests.Response) -> tuple[str, dict[str, str]]:
    """(url without query, query params) of the redirect back to the merchant."""
    assert response.status_code == 302, response.text
    location = urlsplit(response.headers["Location"])
    params = {k: v[0] for k, v in parse_qs(location.query).items()}
    return f"{location.scheme}://{location.netloc}{location.path}", params


def control(base: str, gateway: str, **body) -> dict:
    response = requests.post(f"{base}/sandbox/{gateway}/_control/", json=body, timeout=5)
    assert response.status_code == 200, response.text
    return response.json()


def inspect(base: str, gateway: str, payment_id: str = "") -> dict:
    params = {"payment_id": payment_id} if payment_id else {}
    response = requests.get(f"{base}/sandbox/{gateway}/_control/", params=params, timeout=5)
    assert response.status_code == 200, response.text
    return response.json()
