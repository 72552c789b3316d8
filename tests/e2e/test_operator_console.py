"""The UDC operator's console in a browser (issue 14's done-when): udc.natore logs in, opens a
session with the demo citizen's consent code (read from the SMS outbox), sees the holdings and
dues, applies for an heir certificate with a scanned death certificate, takes the fee in cash,
prints the receipt (A4 and the 80 mm slip), and ends the session; the citizen's API then shows
the application and what was done for them. Then the 333 call agent on a 360-pixel phone: the
same consent read out on the phone, and no cash. Every Bangla page is checked for English words
an operator would read."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from rest_framework.test import APIClient

from backend.identity.models import Citizen, UdcCentre
from backend.municipality.models import Pourashava
from backend.notifications.backends.memory import clear_outbox
from services.certificates.models import CertificateApplication
from tests.backend.identity.factories import consent_code_for
from tests.backend.panel.english import data_words, english_left
from tests.e2e.conftest import DEMO_PASSWORD, STEP_TIMEOUT_MS, Journey, artefacts_root
from tests.services.certificates.helpers import tiny_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("pilot_demo")]

DEMO_MOBILE = "01711000001"
PHONE = {"width": 360, "height": 780}


@pytest.fixture(autouse=True)
def _memory_sms_and_media(settings, tmp_path):
    settings.SMS_BACKEND = "memory"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    clear_outbox()
    yield
    clear_outbox()


class BanglaPages:
    """Every page visited in Bangla, checked at the end for English an operator would read."""

    def __init__(self) -> None:
        self.found: dict[str, list[str]] = {}
        self.allowed = data_words() | {"PDF"}  # the signed PDF is called so in Bangla too

    def check(self, page: Page, label: str) -> None:
        left = english_left(page.content(), self.allowed)
        if left:
            self.found[label] = left

    def assert_clean(self) -> None:
        assert not self.found, f"English left on Bangla pages: {self.found}"


def console_login(journey: Journey, username: str) -> None:
    page = journey.page
    page.goto(journey.url("/operator/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#start-form")).to_be_visible()


def open_session(journey: Journey, centre_code: str, bangla: BanglaPages) -> None:
    page = journey.page
    centre = UdcCentre.objects.get(code=centre_code)
    natore = Pourashava.objects.get(code="NAT")
    page.fill("#id_mobile", DEMO_MOBILE)
    page.select_option("#id_place", value=f"{centre.pk}:{natore.pk}")
    journey.shot("start")
    bangla.check(page, "start")
    page.click("#send-code")
    expect(page.locator("#consent-form")).to_be_visible()
    expect(page.locator("#fees")).to_be_visible()  # the centre's fees, before consenting
    journey.shot("consent and fees")
    bangla.check(page, "consent")
    page.fill("#id_code", consent_code_for(DEMO_MOBILE))  # what the citizen reads out
    page.click("#confirm")
    expect(page.locator("#session-banner")).to_be_visible()
    expect(page.locator("#banner-citizen")).to_have_text("আব্দুল করিম")


def test_operator_serves_the_demo_citizen_end_to_end(journey: Journey) -> None:
    page = journey.page
    bangla = BanglaPages()
    console_login(journey, "udc.natore")
    open_session(journey, "UDC-NAT-01", bangla)

    # Holdings (from the property register's section) and dues across services.
    expect(page.locator("#section-propertyholdings tbody tr")).not_to_have_count(0)
    expect(page.locator("#dues tbody tr")).not_to_have_count(0)
    journey.shot("session holdings and dues")
    bangla.check(page, "session")

    # An heir certificate, with the scanned death certificate.
    page.click("[data-action='certificates.apply']")
    expect(page.locator("#action-form")).to_be_visible()
    expect(page.locator("#id_type")).to_have_value("heir")
    page.select_option("#id_ward", "1")
    page.fill("[name=address_bn]", "কানাইখালী, নাটোর")
    page.fill("[name=deceased_name_bn]", "আব্দুল জলিল")
    page.fill("[name=deceased_name_en]", "Abdul Jalil")
    page.fill("[name=deceased_date_of_death]", "2025-03-14")
    page.fill("[name=heir1_name_bn]", "আয়েশা বেগম")
    page.select_option("[name=heir1_relation]", "wife")
    page.fill("[name=heir1_nid]", "1987654321")
    page.fill("[name=heir1_age]", "52")
    page.set_input_files(
        "[name=doc_death_certificate]",
        files=[{"name": "death.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf()}],
    )
    journey.shot("heir certificate form")
    bangla.check(page, "heir form")
    page.click("#submit-action")
    expect(page.locator(".messages")).to_contain_text("আবেদন")
    detail = CertificateApplication.objects.select_related("application").get()
    fee_box = page.locator(f"#pay-form input[name=demand][value='{detail.fee_demand_id}']")
    expect(fee_box).to_be_checked()  # the fee, offered for cash at once
    journey.shot("application made fee ticked")

    # The fee in cash, and the receipt printed.
    page.click("#take-cash")
    expect(page.locator("#receipt")).to_be_visible()
    number = page.locator("#receipt-number").inner_text()
    assert re.fullmatch(r"[A-Z0-9\-০-৯]+", number), number
    journey.shot("receipt a4")
    bangla.check(page, "receipt")
    page.emulate_media(media="print")
    page.pdf(path=str(journey.artefacts / "receipt-a4.pdf"), format="A4")
    page.emulate_media(media="screen")
    page.click("#layout-slip")
    expect(page.locator("#receipt.slip")).to_be_visible()
    page.emulate_media(media="print")
    journey.shot("receipt 80mm slip print")
    page.pdf(path=str(journey.artefacts / "receipt-slip.pdf"), width="80mm", height="200mm")
    page.emulate_media(media="screen")

    # The session ends: nothing more can be done in it.
    session_url = page.url.split("/receipts/")[0] + "/"
    page.click("#end-session")
    expect(page.locator("#start-form")).to_be_visible()
    page.goto(session_url)
    expect(page.locator("#refusal-message")).to_contain_text("সেশনটি শেষ হয়েছে")
    journey.shot("after the end refused")
    bangla.check(page, "refused")

    # The operator's day, and the printable statement; then the switch to English.
    page.goto(journey.url("/operator/day/"))
    expect(page.locator("#cash")).to_be_visible()
    expect(page.locator("#day-actions")).to_contain_text("সনদের আবেদন করেছেন")
    journey.shot("my day")
    bangla.check(page, "day")
    page.click("#statement-link")
    expect(page.locator("#statement")).to_be_visible()
    bangla.check(page, "statement")
    page.click("button[name=language][value=en]")
    expect(page.locator("#statement")).to_contain_text("Daily statement")
    page.click("button[name=language][value=bn]")
    expect(page.locator("#statement")).to_contain_text("দৈনিক বিবরণী")

    # The citizen's app: the application, and what was done for them, where and by whom.
    citizen = Citizen.objects.get(mobile=DEMO_MOBILE)
    api = APIClient()
    api.force_authenticate(citizen.user)
    applications = api.get("/api/v1/me/applications/").json()
    rows = applications.get("results", applications)
    assert detail.application.number in [row["number"] for row in rows]
    actions = api.get("/api/v1/me/assisted-actions/", HTTP_ACCEPT_LANGUAGE="en").json()
    descriptions = [row["description"] for row in actions.get("results", actions)]
    assert any(
        "Natore Sadar Union Digital Centre (demo)" in d and "applied for a certificate" in d
        for d in descriptions
    ), descriptions
    assert any("took a payment in cash" in d for d in descriptions), descriptions
    bangla.assert_clean()


def test_call_agent_on_a_phone_screen_takes_no_cash(browser: Browser, live_server) -> None:
    artefacts = artefacts_root() / "test_call_agent_on_a_phone_screen_takes_no_cash"
    artefacts.mkdir(parents=True, exist_ok=True)
    for old in artefacts.glob("*.png"):
        old.unlink()
    context = browser.new_context(viewport=PHONE, locale="en-GB", timezone_id="Asia/Dhaka")
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    journey = Journey(page, live_server.url, artefacts)
    bangla = BanglaPages()
    try:
        console_login(journey, "call.333")
        journey.shot("phone home")
        open_session(journey, "CALL-333", bangla)
        expect(page.locator("#session-banner")).to_contain_text("৩৩৩ কল")
        expect(page.locator("#take-cash")).to_have_count(0)
        expect(page.locator("#dues")).to_contain_text("৩৩৩ কলে নগদ নেওয়া হয় না")
        journey.shot("phone session no cash")
        bangla.check(page, "phone session")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page is {width}px wide on a 360-px screen"
        page.click("#end-session")
        expect(page.locator("#start-form")).to_be_visible()
        journey.shot("phone session ended")
    except Exception:
        page.screenshot(path=str(artefacts / "failure.png"))
        raise
    finally:
        context.close()
    bangla.assert_clean()
