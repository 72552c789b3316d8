"""What the payment layer needs from a gateway. Each adapter speaks its gateway's protocol over
HTTP (to the real gateway in production, to the app's own sandbox otherwise).

The rule this interface encodes: a redirect or callback is never proof of payment. `confirm` and
`query` ask the gateway itself and return what it says; the caller checks amount, currency and
reference against the payment before settling.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Protocol


class GatewayStatus(StrEnum):
    PAID = "paid"  # the gateway says the money was taken
    PENDING = "pending"  # not finished, or the gateway could not be reached: ask again later
    FAILED = "failed"  # declined, cancelled or aborted: nothing was taken


@dataclass(frozen=True)
class PaymentIntent:
    """What the payment layer asks a gateway to collect."""

    reference: str  # our payment reference, unique, <= 30 chars (SSLCommerz tran_id limit)
    amount: Decimal
    currency: str  # "BDT"
    description: str
    payer_mobile: str
    return_url: str  # where the gateway sends the citizen's browser back to (our callback view)


@dataclass(frozen=True)
class StartedPayment:
    redirect_url: str  # where to send the citizen
    gateway_reference: str  # the gateway's id for this payment (paymentID, sessionkey, ...)
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class GatewayAnswer:
    """What the gateway itself said about a payment, from its own status/validation call."""

    status: GatewayStatus
    reference: str | None  # our reference as the gateway echoes it
    amount: Decimal | None
    currency: str | None
    gateway_transaction_id: str | None = None
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RefundAnswer:
    accepted: bool
    gateway_refund_id: str | None
    raw: dict = field(default_factory=dict)


class GatewayAdapter(Protocol):
    code: str  # "bkash" | "nagad" | "sslcommerz"

    def start(self, intent: PaymentIntent) -> StartedPayment: ...

    def confirm(self, *, gateway_reference: str, callback: dict) -> GatewayAnswer:
        """After the citizen returns (or an IPN arrives): verify with the gateway's own
        execute/validation call. `callback` is the untrusted query/body received."""
        ...

    def query(self, *, gateway_reference: str, reference: str) -> GatewayAnswer:
        """Status enquiry, used by reconciliation for payments left pending."""
        ...

    def refund(
        self, *, gateway_reference: str, gateway_transaction_id: str, amount: Decimal, reason: str
    ) -> RefundAnswer: ...


class GatewayUnavailable(Exception):
    """The gateway did not answer in time or answered garbage: the payment stays pending."""
