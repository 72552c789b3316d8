"""A fake gateway implementing backend/payments/gateways/base.py, installed through the one
integration point (backend.payments.integration) so the payment layer is tested without the
real adapters. The fake keeps its own idea of each payment, like a real gateway."""

from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from backend.payments import integration
from backend.payments.gateways.base import (
    GatewayAnswer,
    GatewayStatus,
    GatewayUnavailable,
    PaymentIntent,
    RefundAnswer,
    StartedPayment,
)
from tests.factories import CitizenFactory, PourashavaFactory


@dataclass
class RemotePayment:
    reference: str
    amount: Decimal
    currency: str = "BDT"
    status: GatewayStatus = GatewayStatus.PENDING
    txn: str | None = None


@dataclass
class FakeGateway:
    code: str
    payments: dict = field(default_factory=dict)  # gateway_reference -> RemotePayment
    down: bool = False
    refunds: list = field(default_factory=list)
    calls: list = field(default_factory=list)

    def start(self, intent: PaymentIntent) -> StartedPayment:
        self.calls.append("start")
        if self.down:
            raise GatewayUnavailable("timeout")
        gref = f"{self.code.upper()}-{intent.reference}"
        self.payments[gref] = RemotePayment(intent.reference, intent.amount, intent.currency)
        return StartedPayment(
            redirect_url=f"https://pay.example/{gref}",
            gateway_reference=gref,
            raw={"paymentID": gref},
        )

    def _answer(self, gateway_reference: str) -> GatewayAnswer:
        if self.down:
            raise GatewayUnavailable("timeout")
        remote = self.payments[gateway_reference]
        return GatewayAnswer(
            status=remote.status,
            reference=remote.reference,
            amount=remote.amount,
            currency=remote.currency,
            gateway_transaction_id=remote.txn,
            raw={"status": str(remote.status)},
        )

    def confirm(self, *, gateway_reference: str, callback: dict) -> GatewayAnswer:
        self.calls.append("confirm")
        return self._answer(gateway_reference)

    def query(self, *, gateway_reference: str, reference: str) -> GatewayAnswer:
        self.calls.append("query")
        return self._answer(gateway_reference)

    def refund(self, *, gateway_reference, gateway_transaction_id, amount, reason) -> RefundAnswer:
        self.calls.append("refund")
        if self.down:
            raise GatewayUnavailable("timeout")
        self.refunds.append((gateway_transaction_id, amount))
        return RefundAnswer(accepted=True, gateway_refund_id=f"RF{len(self.refunds)}")

    # what a citizen does on the gateway's page
    def pay(
        self,
        gateway_reference: str,
        *,
        amount: Decimal | None = None,
        reference: str | None = None,
        txn: str | None = None,
    ) -> None:
        remote = self.payments[gateway_reference]
        remote.status = GatewayStatus.PAID
        remote.txn = txn or f"TX{len(self.payments)}{gateway_reference[-6:]}"
        if amount is not None:
            remote.amount = amount
        if reference is not None:
            remote.reference = reference


@pytest.fixture
def gateways():
    fakes = {code: FakeGateway(code) for code in ("bkash", "nagad", "sslcommerz")}
    integration.set_adapter_override(lambda code: fakes[code])
    yield fakes
    integration.set_adapter_override(None)


@pytest.fixture
def pourashava(db):
    return PourashavaFactory(code="NAT", name_en="Natore", name_bn="নাটোর")


@pytest.fixture
def citizen(db):
    return CitizenFactory()
