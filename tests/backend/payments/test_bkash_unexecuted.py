"""bKash: the citizen approved, our execute call failed, and the payment stayed pending for
ever (reconciliation only asked, and bKash kept answering "Initiated"). As bKash's protocol has
it, money moves only at execute: reconciliation asks payment/status, and a payment still not
executed once the execute window has passed is closed as expired (failed), the citizen is told
by SMS in Bangla and English, and the bill can be paid again. Over real HTTP, against the
bKash sandbox."""

from datetime import timedelta

import pytest
import requests
from django.test import override_settings

from backend.notifications.models import SmsMessage
from backend.payments.gateways.bkash import EXECUTE_WINDOW_MINUTES
from backend.payments.models import GatewayEvent, Payment
from backend.payments.services.reconciliation import reconcile_pending
from tests.backend.payments.factories import bill_for
from tests.backend.payments.gateways import helpers
from tests.backend.payments.gateways.helpers import citizen_presses, control, redirect_params

nagad_keys = helpers.nagad_keys
_warm_live_server = helpers._warm_live_server
sandbox = helpers.sandbox

pytestmark = pytest.mark.django_db(transaction=True)


def _start(api, citizen, bill, key):
    api.force_authenticate(user=citizen.user)
    return api.post(
        "/api/v1/payments/",
        {"bill": bill.pk, "gateway": "bkash"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_unexecuted_payment_is_closed_after_the_window_and_the_citizen_told(
    api, sandbox, citizen, pourashava
):
    bill = bill_for(citizen, pourashava)
    with override_settings(PAYMENTS_CALLBACK_BASE_URL=sandbox, PUBLIC_BASE_URL=sandbox):
        started = _start(api, citizen, bill, "unexecuted-1")
        assert started.status_code == 201, started.content
        payment = Payment.objects.get(pk=started.json()["id"])
        # bKash's execute answers 503 for this payment: the citizen approves, execute fails.
        control(sandbox, "bkash", payment_id=payment.gateway_reference, behaviour="error")
        url, params = redirect_params(citizen_presses(payment.redirect_url, "pay"))
        requests.get(url, params=params, timeout=30, allow_redirects=False)
        payment.refresh_from_db()
        assert payment.status == "pending"
        control(sandbox, "bkash", payment_id=payment.gateway_reference, behaviour="")

        # Within the window reconciliation asks and leaves it: bKash says "Initiated".
        report = reconcile_pending(older_than_minutes=0)
        payment.refresh_from_db()
        assert payment.status == "pending", report
        assert not SmsMessage.objects.exists()

        # Past the window: closed as expired, nothing taken, the citizen told.
        Payment.objects.filter(pk=payment.pk).update(
            created_at=payment.created_at - timedelta(minutes=EXECUTE_WINDOW_MINUTES + 1)
        )
        report = reconcile_pending(older_than_minutes=0)
        payment.refresh_from_db()
        assert payment.status == "failed", report
        assert report["failed"] == 1
        event = GatewayEvent.objects.filter(payment=payment, kind="query").last()
        assert event.outcome == "failed"
        assert event.answer["raw"]["payment/status"]["transactionStatus"] == "Initiated"
        assert "expired" in event.answer["raw"]["closed"]
        sms = SmsMessage.objects.get(to=citizen.mobile)
        assert payment.reference in sms.body
        assert "বিকাশ" in sms.body and "bKash" in sms.body  # Bangla, then English

        # Asked again, nothing changes and no second SMS.
        reconcile_pending(older_than_minutes=0)
        assert SmsMessage.objects.count() == 1

        # The bill is payable again.
        again = _start(api, citizen, bill, "unexecuted-2")
        assert again.status_code == 201, again.content
        assert again.json()["id"] != payment.pk and again.json()["status"] == "pending"


@pytest.mark.parametrize(
    ("state", "minutes", "closed"),
    [
        ("Initiated", EXECUTE_WINDOW_MINUTES + 1, True),
        ("Initiated", EXECUTE_WINDOW_MINUTES - 1, False),  # the citizen may still approve
        ("Pending", EXECUTE_WINDOW_MINUTES * 10, False),  # executed, money may be moving
        ("Authorized", EXECUTE_WINDOW_MINUTES * 10, False),
    ],
)
def test_only_a_payment_never_executed_is_closed_after_the_window(state, minutes, closed):
    from decimal import Decimal

    from django.utils import timezone

    from backend.payments.gateways.base import GatewayAnswer, GatewayStatus
    from backend.payments.gateways.bkash import BkashAdapter, map_status
    from backend.payments.gateways.config import gateway_config

    answer = GatewayAnswer(
        status=map_status(state),
        reference="NATP1",
        amount=Decimal("10.00"),
        currency="BDT",
        raw={"payment/status": {"transactionStatus": state}},
    )
    now = timezone.now()
    result = BkashAdapter(gateway_config("bkash")).close_unexecuted(
        answer=answer, started_at=now - timedelta(minutes=minutes), now=now
    )
    assert (result.status == GatewayStatus.FAILED) is closed
    assert ("closed" in result.raw) is closed
