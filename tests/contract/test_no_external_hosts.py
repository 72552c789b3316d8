"""Every page the project serves loads nothing from another host: the API docs, the public
verification page, the clerk panel and the gateway sandboxes must work on a municipal network
without internet (and under a strict CSP). Same-host assets must exist in our static files."""

import re
from urllib.parse import urlsplit

import pytest
import requests
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.urls import URLResolver, get_resolver, reverse

from backend.identity.models import Role
from backend.payments.gateways.registry import get_adapter
from backend.payments.models import Payment, Receipt
from backend.payments.services.counter import collect_cash
from backend.payments.services.receipts import render_receipt_pdf
from tests.backend.documents.conftest import (  # noqa: F401
    SAMPLE_FIELDS,
    pourashava,
    signing_key,
)
from tests.backend.documents.helpers import issue_sample
from tests.backend.payments.factories import bill_for, demand_for
from tests.backend.payments.gateways.helpers import (  # noqa: F401
    _warm_live_server,
    intent,
    nagad_keys,
    sandbox,
)
from tests.factories import CitizenFactory, PourashavaFactory, staff_member
from tests.services.certificates.doc_helpers import (
    issued_certificate,
    make_office,
    use_fresh_signing_key,
)

pytestmark = pytest.mark.django_db

# src=, href=, action=, poster=, srcset= and CSS url(...) / @import, quoted or not.
_ATTRIBUTE = re.compile(
    r"""\b(?:src|href|action|poster|srcset|data)\s*=\s*["']?([^"'\s>]+)""", re.I
)
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)""", re.I)
_CSS_IMPORT = re.compile(r"""@import\s+["']([^"']+)""", re.I)
# Any absolute address in the page, also inside inline scripts and settings (e.g. a validator).
_ABSOLUTE = re.compile(r"""(?:https?:)?//[A-Za-z0-9.-]+(?::\d+)?""")


def references(text: str) -> list[str]:
    return [
        *_ATTRIBUTE.findall(text),
        *_CSS_URL.findall(text),
        *_CSS_IMPORT.findall(text),
    ]


def external(url: str, own_hosts: set[str]) -> bool:
    url = url.strip()
    if url.startswith(("data:", "#", "mailto:", "tel:", "javascript:void")):
        return False
    parts = urlsplit(url)
    if not parts.netloc and not parts.scheme:
        return False  # relative or same-host absolute path
    return parts.netloc not in own_hosts


def external_in(text: str, own_hosts: set[str]) -> set[str]:
    found = {url for url in references(text) if external(url, own_hosts)}
    # Outside markup too: an address a script would fetch (XML namespaces are names, not fetches).
    for match in _ABSOLUTE.finditer(text):
        url = match.group(0)
        if url.startswith("//") and text[max(0, match.start() - 1)] not in "\"' (=":
            continue  # a `//` comment in inline script, not an address
        if "www.w3.org" in url:
            continue
        if external(url if "//" in url else "//" + url, own_hosts):
            found.add(url)
    return found


def static_text(url: str) -> str:
    """The file behind a same-host /static/ reference; fails if it is missing."""
    path = urlsplit(url).path
    assert path.startswith("/static/"), url
    found = finders.find(path.removeprefix("/static/"))
    assert found, f"{url} is referenced but is not among the static files"
    with open(found, "rb") as handle:
        return handle.read().decode("utf-8", errors="replace")


def assert_self_contained(html: str, own_hosts: set[str], where: str) -> None:
    assert not external_in(html, own_hosts), (where, external_in(html, own_hosts))
    for url in references(html):
        if urlsplit(url).path.startswith("/static/"):
            asset = static_text(url)
            if url.split("?")[0].endswith(".css"):
                assert not {u for u in references(asset) if external(u, own_hosts)}, (where, url)


HOSTS = {"testserver"}


def test_api_docs_pages_load_only_our_own_assets(client):
    swagger = client.get("/api/docs/")
    redoc = client.get("/api/redoc/")
    assert swagger.status_code == 200 and redoc.status_code == 200
    swagger_html, redoc_html = swagger.content.decode(), redoc.content.decode()
    # The UIs are really there (their scripts are our static files, checked below).
    assert "swagger-ui-bundle.js" in swagger_html
    assert "redoc.standalone.js" in redoc_html
    assert_self_contained(swagger_html, HOSTS, "/api/docs/")
    assert_self_contained(redoc_html, HOSTS, "/api/redoc/")


def test_verification_page_loads_only_our_own_assets(client, signing_key, pourashava):  # noqa: F811
    document = issue_sample(pourashava, dict(SAMPLE_FIELDS))
    for language in ("bn", "en"):
        response = client.get(f"/verify/{document.token}", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        html = response.content.decode()
        assert document.number in html
        assert_self_contained(html, HOSTS, "/verify/")


def test_clerk_panel_login_and_index_load_only_our_own_assets(client, admin_client):
    login = client.get("/admin/login/")
    index = admin_client.get("/admin/")
    assert login.status_code == 200 and index.status_code == 200
    assert 'name="password"' in login.content.decode()
    assert_self_contained(login.content.decode(), HOSTS, "/admin/login/")
    assert_self_contained(index.content.decode(), HOSTS, "/admin/")


def test_payment_result_page_loads_nothing_from_elsewhere(client):
    citizen = CitizenFactory()
    bill = bill_for(citizen, PourashavaFactory(code="RES"), {"holding_tax": "400.00"})
    payment = Payment.objects.create(
        pourashava=bill.pourashava,
        citizen=citizen,
        bill=bill,
        channel="bkash",
        amount=bill.total,
        reference="PAYRESULTPAGE000001",
    )
    response = client.get(f"/api/v1/payments/result/{payment.reference}/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and "<html" in response.content.decode()
    assert_self_contained(response.content.decode(), HOSTS, "payment result")


@pytest.mark.parametrize("gateway", ["bkash", "nagad", "sslcommerz"])
def test_gateway_sandbox_pages_load_only_their_own_host(sandbox, gateway):  # noqa: F811
    started = get_adapter(gateway).start(intent("http://testserver/api/v1/payments/callback/x/"))
    page = requests.get(started.redirect_url, timeout=10)
    assert page.status_code == 200, page.text
    assert 'data-action="pay"' in page.text
    own = {urlsplit(sandbox).netloc}
    assert not external_in(page.text, own), external_in(page.text, own)


def test_verification_pages_of_an_heir_certificate_and_a_receipt_load_only_our_assets(
    client, settings, tmp_path
):
    """The pages a phone opens from real papers: the heir certificate (with its heirs) and a
    receipt (with its amount), in both languages."""
    settings.MEDIA_ROOT = str(tmp_path)
    use_fresh_signing_key(settings)
    certificate = issued_certificate(make_office(), language="bn").certificate
    town = PourashavaFactory(code="RCP")
    payer = CitizenFactory()
    demand_for(payer, town, {"holding_tax": "1250"})
    payment = collect_cash(
        collector=staff_member(Role.CASHIER, town),
        pourashava=town,
        payer=payer,
        amount="1250",
    )
    receipt = Receipt.objects.get(pk=payment.receipt.pk)
    render_receipt_pdf(receipt, language="bn")  # issues its signed document
    receipt.refresh_from_db()
    for token in (certificate.token, receipt.document_token):
        for language in ("bn", "en"):
            page = client.get(f"/verify/{token}", HTTP_ACCEPT_LANGUAGE=language)
            assert page.status_code == 200
            assert_self_contained(page.content.decode(), HOSTS, f"/verify/ ({language})")


def _plain_html_routes(resolver=None, prefix: str = "") -> list[str]:
    """Every route without a parameter outside the JSON API and the static/media files."""
    resolver = resolver or get_resolver()
    routes = []
    for pattern in resolver.url_patterns:
        text = str(pattern.pattern).lstrip("^").rstrip("$")
        if "<" in text or "(" in text or "\\" in text:
            continue  # needs an object or a token
        if isinstance(pattern, URLResolver):
            routes += _plain_html_routes(pattern, prefix + text)
        else:
            routes.append("/" + prefix + text)
    skip = ("/api/", "/static/", "/media/", "/sandbox/", "/admin/logout", "/i18n/")
    return sorted({r for r in routes if not r.startswith(skip)})


def test_every_page_without_a_parameter_loads_only_our_own_assets(admin_client):
    """Whatever HTML the project serves at a fixed address (the clerk panel's pages, the
    operator console, the monitor, health pages...), seen by a superuser."""
    checked = 0
    for route in _plain_html_routes():
        response = admin_client.get(route, HTTP_ACCEPT_LANGUAGE="bn")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        if getattr(response, "streaming", False):
            continue
        assert_self_contained(response.content.decode(), HOSTS, route)
        checked += 1
    assert checked >= 3


def test_every_clerk_panel_list_loads_only_our_own_assets(admin_client):
    """Each registered model's list in the clerk panel (filters, search, actions, widgets)."""
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = admin_client.get(url)
        if response.status_code == 200:
            assert_self_contained(response.content.decode(), HOSTS, url)
