"""Taking cash at the desk for the citizen's dues in the session's pourashava: a bill for the
demands chosen (rebate or surcharge as of today), paid in full through the payment layer's
UDC cash (which checks the operator's role, the live session and the day-close, and issues the
receipt in the same transaction). A 333 call takes no cash."""

from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest

from backend.common.errors import Forbidden
from backend.common.text import Text
from backend.identity.models import AssistedSession
from backend.operator_console.sessions import by_phone, lock_live
from backend.payments.models import Payment
from backend.payments.services.bills import make_bill
from backend.payments.services.counter import collect_cash

NO_CASH_BY_PHONE = Text(
    en="No cash is taken on a 333 call. The citizen can pay online or at a UDC or the "
    "pourashava counter.",
    bn="৩৩৩ কলে নগদ টাকা নেওয়া হয় না। নাগরিক অনলাইনে অথবা ইউডিসি বা পৌরসভার কাউন্টারে পরিশোধ করতে পারেন।",
)


def take_cash(
    *, request: HttpRequest, session: AssistedSession, demand_ids: Iterable[int]
) -> Payment:
    if by_phone(session):
        raise Forbidden("no_cash_by_phone", NO_CASH_BY_PHONE)
    with transaction.atomic():
        lock_live(session)
        bill = make_bill(
            payer=session.citizen,
            pourashava=session.pourashava,
            demand_ids=demand_ids,
            actor=request.user,
        )
        return collect_cash(
            collector=request.user,
            pourashava=session.pourashava,
            bill=bill,
            assisted_session=session,
            request=request,
        )
