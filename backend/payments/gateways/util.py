"""Small helpers shared by the adapters (and their sandboxes)."""

from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode, urlsplit, urlunsplit

from backend.common.money import money
from backend.payments.gateways.base import GatewayUnavailable


def amount_text(amount: Decimal) -> str:
    """Taka as the gateways want it on the wire: "1250.50"."""
    return format(money(amount), "f")


def parse_amount(value: object, *, gateway: str) -> Decimal | None:
    """The gateway's amount string as Decimal; never through float. A missing amount is None
    (failed payments often carry none); a present but unreadable one is garbage."""
    if value is None or value == "":
        return None
    if isinstance(value, float):
        # JSON numbers arrive as float; go through their shortest repr, not binary value.
        value = repr(value)
    try:
        parsed = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise GatewayUnavailable(f"{gateway}: unreadable amount {value!r}") from exc
    if not parsed.is_finite():
        raise GatewayUnavailable(f"{gateway}: unreadable amount {value!r}")
    return parsed


def with_query(url: str, **params: str) -> str:
    """`url` with params appended, keeping any query string it already has."""
    parts = urlsplit(url)
    extra = urlencode(params)
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
