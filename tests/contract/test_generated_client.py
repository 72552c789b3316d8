"""The citizen's journeys through a client generated from /api/schema/ (openapi-python-client),
against a live server with the demo data, as a mobile team would build on the API:

- citizen: OTP login, holdings, dues, a bill, payment in the bKash sandbox, the receipt (JSON and
  PDF), the holding's ledger;
- heir certificate: the types, an upload, the application with three heirs, its fee paid in the
  sandbox, the councillor's recommendation and the officer's approval (staff tokens), the issued
  certificate and its PDF.

Every answer must parse into the generated classes, and declare everything it carries (no field
arriving as an undeclared extra). All requests ask for Bangla, and every string a citizen reads
in the answers must be Bangla: no Latin letters outside the allow-list of tests/contract/bangla.py
(identifiers, codes, URLs, raw values beside their display form).
"""

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from scripts.press_pay import press
from tests.backend.notifications.outbox import SmsOutbox
from tests.backend.payments.gateways import helpers
from tests.contract import generated
from tests.contract.bangla import latin_in

pytestmark = pytest.mark.django_db(transaction=True)

# The gateway tests' live-server sandbox fixtures, used as they are.
nagad_keys = helpers.nagad_keys
_warm_live_server = helpers._warm_live_server
sandbox = helpers.sandbox

CITIZEN = "01711000001"  # the README's demo citizen
STAFF_PASSWORD = "demo-pass-2025"
SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "death-certificate.pdf"
DEMO_APPS = [
    "backend.municipality",
    "backend.identity",
    "backend.payments",
    "services.property",
    "services.holding_tax",
    "services.certificates",
]


class Journey:
    """The generated client, logged in or not, recording every JSON answer for the Bangla
    check."""

    def __init__(self, package, base_url: str) -> None:
        self.pc, self.base_url = package, base_url
        self.answers: list[tuple[str, object]] = []
        self.client = package.Client(base_url=base_url, headers={"Accept-Language": "bn"})

    def login(self, token: str) -> None:
        self.client = self.pc.AuthenticatedClient(
            base_url=self.base_url, token=token, headers={"Accept-Language": "bn"}
        )

    def staff_client(self, username: str):
        login = self.model("StaffLoginRequest")(username=username, password=STAFF_PASSWORD)
        token = self.call("auth", "v1_auth_staff_token_create", 200, body=login, record=False)
        return self.pc.AuthenticatedClient(
            base_url=self.base_url, token=token.access, headers={"Accept-Language": "bn"}
        )

    def model(self, name: str):
        return generated.model(self.pc, name)

    def call(self, tag: str, operation: str, status: int, *, client=None, record=True, **kw):
        module = generated.op(self.pc, tag, operation)
        answer = module.sync_detailed(client=client or self.client, **kw)
        assert answer.status_code == status, (operation, answer.status_code, answer.content)
        if answer.headers.get("content-type", "").startswith("application/json"):
            if record:
                self.answers.append((operation, json.loads(answer.content)))
            assert_fully_declared(answer.parsed, operation)
        return answer.parsed


def _models(value: object) -> Iterator[object]:
    if hasattr(value, "additional_properties"):
        yield value
        for attribute in type(value).__attrs_attrs__:
            yield from _models(getattr(value, attribute.name))
    elif isinstance(value, list):
        for item in value:
            yield from _models(item)


def assert_fully_declared(parsed: object, operation: str) -> None:
    """Everything the server sent has a declared, typed place in the generated classes (a map
    declared as such, like amounts by head, is a model with only additional properties)."""
    assert parsed is not None, f"{operation}: the answer did not parse"
    assert type(parsed).__name__ != "Error", (operation, parsed)
    for model in _models(parsed):
        declared = [
            a.name for a in type(model).__attrs_attrs__ if a.name != "additional_properties"
        ]
        if declared:
            assert not model.additional_properties, (
                f"{operation}: {type(model).__name__} carries undeclared "
                f"{sorted(model.additional_properties)}"
            )


@pytest.fixture
def journey(sandbox, live_server, settings, tmp_path) -> Iterator[Journey]:
    """The demo data on a live server whose gateways are the sandboxes; the client generated
    from that server's schema."""
    settings.SMS_BACKEND = "memory"
    settings.OTP_MAX_PER_NUMBER_PER_HOUR = 1000
    settings.OTP_MAX_PER_ADDRESS_PER_HOUR = 1000
    call_command("load_demo_data", only=DEMO_APPS, stdout=io.StringIO())
    with override_settings(
        PUBLIC_BASE_URL=live_server.url, PAYMENTS_CALLBACK_BASE_URL=live_server.url
    ):
        package = generated.generate(live_server.url, tmp_path)
        try:
            yield Journey(package, live_server.url)
        finally:
            generated.forget()


def log_in(journey: Journey) -> None:
    sms = SmsOutbox()
    sms.clear()
    sent = journey.call(
        "auth", "v1_auth_otp_create", 202, body=journey.model("OtpSendRequest")(mobile=CITIZEN)
    )
    assert sent.mobile == CITIZEN
    request = journey.model("OtpTokenRequestRequest")(mobile=CITIZEN, code=sms.code_for(CITIZEN))
    token = journey.call("auth", "v1_auth_token_create", 200, body=request, record=False)
    journey.login(token.access)


def pay(journey: Journey, bill_id: int, key: str):
    """Pay a bill in the bKash sandbox, as the citizen's browser would; the settled payment."""
    body = journey.model("PaymentCreateInRequest")(
        bill=bill_id, gateway=journey.model("GatewayEnum")("bkash")
    )
    started = journey.call("payments", "v1_payments_create", 201, body=body, idempotency_key=key)
    assert started.status == "pending" and started.redirect_url
    press(started.redirect_url)
    payment = journey.call("payments", "v1_payments_retrieve", 200, id=started.id)
    assert payment.status == "settled" and payment.receipt_number
    return payment


def assert_bangla(journey: Journey) -> None:
    found = latin_in(journey.answers)
    assert not found, "Latin letters in the Bangla answers:\n" + "\n".join(found)


def test_citizen_journey_through_the_generated_client(journey):
    log_in(journey)
    me = journey.call("me", "v1_me_retrieve", 200)
    assert me.mobile == CITIZEN and me.name == me.name_bn
    holdings = journey.call("holdings", "v1_me_holdings_list", 200)
    assert holdings.count >= 1
    holding = holdings.results[0]
    journey.call("holdings", "v1_me_holdings_retrieve", 200, holding_id=holding.id)
    journey.call("holding_tax", "v1_me_holdings_assessment_retrieve", 200, holding_id=holding.id)

    dues = journey.call("payments", "v1_me_dues_retrieve", 200)
    first = dues.pourashavas[0]
    demand_ids = [d.id for service in first.services for d in service.demands]
    assert demand_ids and dues.total_display.startswith("৳ ")
    bill = journey.call(
        "payments",
        "v1_bills_create",
        201,
        body=journey.model("BillCreateInRequest")(demand_ids=demand_ids),
    )
    assert (bill.status == "open" and bill.total == first.total) or bill.lines

    payment = pay(journey, bill.id, f"bill-{bill.id}")
    receipt = journey.call("payments", "v1_receipts_retrieve", 200, number=payment.receipt_number)
    assert receipt.total == bill.total and receipt.total_display.startswith("৳ ")
    pdf = journey.call("payments", "v1_receipts_pdf_retrieve", 200, number=receipt.number)
    assert pdf.payload.read().startswith(b"%PDF")

    ledger = journey.call(
        "holding_tax", "v1_me_holdings_ledger_retrieve", 200, holding_id=holding.id
    )
    paid = [row for row in ledger.demands if receipt.number in row.receipts]
    assert paid and all(row.status == "paid" for row in paid)
    after = journey.call("payments", "v1_me_dues_retrieve", 200)
    assert not any(
        d.id in demand_ids for p in after.pourashavas for s in p.services for d in s.demands
    )
    assert_bangla(journey)


HEIR_APPLICATION = {
    "pourashava": "NAT",
    "type": "heir",
    "language": "bn",
    "ward": 1,
    "address_bn": "কানাইখালী, নাটোর",
    "address_en": "Kanaikhali",
    "deceased": {"name_en": "Abdul Jalil", "name_bn": "আব্দুল জলিল", "date_of_death": "2025-03-14"},
    "heirs": [
        {"name_en": "Ayesha Begum", "name_bn": "আয়েশা বেগম", "relation": "wife", "age_years": 52},
        {"name_en": "Karim Uddin", "name_bn": "করিম উদ্দিন", "relation": "son", "age_years": 19},
        {
            "name_en": "Shirin Akter",
            "name_bn": "শিরিন আক্তার",
            "relation": "daughter",
            "age_years": 14,
        },
    ],
}


def test_heir_certificate_journey_through_the_generated_client(journey):
    log_in(journey)
    types = journey.call("certificates", "v1_certificate_types_retrieve", 200, pourashava="NAT")
    heir_type = next(t for t in types.results if t.code == "heir")
    assert heir_type.lists_heirs and heir_type.fee_bn_display.startswith("৳ ")

    upload_body = journey.model("UploadInputRequest")(
        file=journey.pc.types.File(
            payload=SAMPLE.open("rb"), file_name=SAMPLE.name, mime_type="application/pdf"
        ),
        purpose=heir_type.upload_purpose,
    )
    upload = journey.call("uploads", "v1_me_uploads_create", 201, body=upload_body)
    body = journey.model("V1MeCertificateApplicationsCreateBody").from_dict(
        {**HEIR_APPLICATION, "documents": [{"code": "death_certificate", "upload": str(upload.id)}]}
    )
    applied = journey.call("certificates", "v1_me_certificate_applications_create", 201, body=body)
    assert applied.state == "payment_due" and [h.relation for h in applied.heirs] == [
        "wife",
        "son",
        "daughter",
    ]
    fee_bill = journey.call(
        "payments",
        "v1_bills_create",
        201,
        body=journey.model("BillCreateInRequest")(demand_ids=[applied.fee.demand_id]),
    )
    pay(journey, fee_bill.id, f"fee-{applied.number}")

    for username, action in (
        ("nat.councillor1", "recommend"),
        ("nat.certificate_officer", "approve"),
    ):
        journey.call(
            "workflow",
            "v1_applications_actions_create",
            200,
            client=journey.staff_client(username),
            record=False,  # staff answers, not the citizen's
            number=applied.number,
            body=journey.model("ActionInputRequest")(action=action, comment="জানা আছে।"),
        )
    issued = journey.call(
        "certificates", "v1_me_certificate_applications_retrieve", 200, number=applied.number
    )
    assert issued.state == "issued" and issued.certificate.number
    assert [h.name for h in issued.heirs] == ["আয়েশা বেগম", "করিম উদ্দিন", "শিরিন আক্তার"]
    mine = journey.call("workflow", "v1_me_applications_list", 200)
    assert applied.number in [a.number for a in mine.results]
    pdf = journey.call(
        "certificates", "v1_me_certificates_pdf_retrieve", 200, number=issued.certificate.number
    )
    assert pdf.payload.read().startswith(b"%PDF")
    assert_bangla(journey)


def test_every_operation_of_the_schema_generates(live_server, _warm_live_server, tmp_path):
    """No operation or answer is left out of the generated client: the generator skips what it
    cannot read (an enum with an empty value, a body type it does not know) with a warning."""
    try:
        generated.generate(live_server.url, tmp_path)
    finally:
        generated.forget()
    assert not generated.SKIPPED, "\n".join(generated.SKIPPED)
