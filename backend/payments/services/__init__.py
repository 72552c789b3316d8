"""Every write of the payment layer. Import from the submodules; the common entry points are
re-exported here for services."""

from backend.payments.services.bills import make_bill
from backend.payments.services.demands import cancel_demand, raise_demand, sync_revenue_heads
from backend.payments.services.settlement import settle_payment

__all__ = ["cancel_demand", "make_bill", "raise_demand", "settle_payment", "sync_revenue_heads"]
