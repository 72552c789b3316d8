"""With DEBUG off, the app refuses to start while a payment gateway or the NID verifier is
still the built-in sandbox, unless ALLOW_SANDBOXES_IN_PRODUCTION says so; `check --deploy`
names the sandbox NID verifier as it names the sandbox gateways."""

import os
import subprocess
import sys
from copy import deepcopy
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

from backend.identity.nid.checks import nid_verifier_is_live, refuse_sandbox_verifier
from backend.payments.checks import refuse_sandbox_gateways

ROOT = Path(__file__).resolve().parents[3]
LIVE_BKASH = {
    "BASE_URL": "https://tokenized.pay.bka.sh/v1.2.0-beta/tokenized/checkout",
    "USERNAME": "merchant-user",
    "PASSWORD": "s3cret",
    "APP_KEY": "live-app-key",
    "APP_SECRET": "live-app-secret",
}
LIVE_NAGAD = {"BASE_URL": "https://api.mynagad.com/api/dfs", "MERCHANT_ID": "683001234567890"}
LIVE_SSLCOMMERZ = {
    "BASE_URL": "https://securepay.sslcommerz.com",
    "STORE_ID": "natorepourashava",
    "STORE_PASSWORD": "live-password",
}


def _start(**env) -> subprocess.CompletedProcess:
    """What gunicorn, Celery and manage.py do first: django.setup(), in a fresh process."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("BKASH_", "NAGAD_", "SSL"))}
    base |= {
        "DJANGO_SETTINGS_MODULE": "backend.settings",
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "sqlite://:memory:",
        "NID_VERIFIER": "sandbox",
        "ALLOW_SANDBOXES_IN_PRODUCTION": "false",
        "GATEWAY_SANDBOXES_ENABLED": "false",
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _live_gateway_env() -> dict:
    return {
        "BKASH_BASE_URL": LIVE_BKASH["BASE_URL"],
        "BKASH_USERNAME": "merchant-user",
        "BKASH_PASSWORD": "s3cret",
        "BKASH_APP_KEY": "live-app-key",
        "BKASH_APP_SECRET": "live-app-secret",
        "NAGAD_BASE_URL": LIVE_NAGAD["BASE_URL"],
        "NAGAD_MERCHANT_ID": LIVE_NAGAD["MERCHANT_ID"],
        "SSLCOMMERZ_BASE_URL": LIVE_SSLCOMMERZ["BASE_URL"],
        "SSLCOMMERZ_STORE_ID": "natorepourashava",
        "SSLCOMMERZ_STORE_PASSWORD": "live-password",
    }


def test_production_with_sandbox_gateways_refuses_to_start():
    refused = _start(NID_VERIFIER="porichoy")
    assert refused.returncode != 0 and "started" not in refused.stdout
    assert "ImproperlyConfigured" in refused.stderr
    assert "ALLOW_SANDBOXES_IN_PRODUCTION" in refused.stderr
    assert "bkash" in refused.stderr
    assert "ImproperlyConfigured" in _start().stderr  # the NID verifier too: refused as well


def test_production_with_live_gateways_but_the_sandbox_nid_verifier_refuses_to_start():
    refused = _start(**_live_gateway_env())
    assert refused.returncode != 0 and "started" not in refused.stdout
    assert "NID_VERIFIER" in refused.stderr and "ImproperlyConfigured" in refused.stderr


def test_production_starts_when_everything_is_live_or_sandboxes_are_allowed():
    live = _start(
        **_live_gateway_env(),
        NID_VERIFIER="porichoy",
        PORICHOY_BASE_URL="https://porichoy.gov.bd",
        PORICHOY_API_KEY="k",
    )
    assert live.returncode == 0, live.stderr
    allowed = _start(ALLOW_SANDBOXES_IN_PRODUCTION="true")
    assert allowed.returncode == 0, allowed.stderr


def _live_gateways() -> dict:
    gateways = deepcopy(settings.PAYMENT_GATEWAYS)
    gateways["bkash"].update(LIVE_BKASH)
    gateways["nagad"].update(LIVE_NAGAD)
    gateways["sslcommerz"].update(LIVE_SSLCOMMERZ)
    return gateways


@pytest.mark.parametrize("served", [False, True])
def test_the_gateway_refusal_names_each_sandbox_and_the_setting(served):
    with override_settings(
        DEBUG=False,
        ALLOW_SANDBOXES_IN_PRODUCTION=False,
        GATEWAY_SANDBOXES_ENABLED=served,
    ):
        with pytest.raises(ImproperlyConfigured, match="ALLOW_SANDBOXES_IN_PRODUCTION") as refused:
            refuse_sandbox_gateways()
        assert all(name in str(refused.value) for name in ("bkash", "nagad", "sslcommerz"))
        with override_settings(PAYMENT_GATEWAYS=_live_gateways()):
            if served:  # the /sandbox/ endpoints themselves are on: still refused
                with pytest.raises(ImproperlyConfigured, match="GATEWAY_SANDBOXES_ENABLED"):
                    refuse_sandbox_gateways()
            else:
                refuse_sandbox_gateways()
        with override_settings(ALLOW_SANDBOXES_IN_PRODUCTION=True):
            refuse_sandbox_gateways()
    with override_settings(DEBUG=True, ALLOW_SANDBOXES_IN_PRODUCTION=False):
        refuse_sandbox_gateways()  # development: the sandboxes are the point


def test_the_nid_refusal_and_the_deploy_warning():
    with override_settings(DEBUG=False, ALLOW_SANDBOXES_IN_PRODUCTION=False):
        with (
            override_settings(NID_VERIFIER="sandbox"),
            pytest.raises(ImproperlyConfigured, match="NID_VERIFIER"),
        ):
            refuse_sandbox_verifier()
        with override_settings(NID_VERIFIER="porichoy"):
            refuse_sandbox_verifier()
    with override_settings(NID_VERIFIER="sandbox"):
        warnings = nid_verifier_is_live()
        assert [w.id for w in warnings] == ["identity.W001"]
        assert "sandbox" in warnings[0].msg
        out, err = StringIO(), StringIO()
        call_command("check", deploy=True, stdout=out, stderr=err)
        assert "identity.W001" in err.getvalue() + out.getvalue()
    with override_settings(NID_VERIFIER="porichoy"):
        assert nid_verifier_is_live() == []
