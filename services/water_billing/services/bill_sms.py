"""The "bill issued" SMS for the bills a monthly run raised: one per bill whose connection's
consumer has a mobile, in that citizen's language (their chosen language, Bangla when they
chose none), with the amount and dates in that language's digits and words.

Through the platform's outbox (backend.notifications): the messages are written in batches, a
batch a transaction, and each is handed to `notifications.deliver_sms` once its batch commits.
A message's id is derived from its bill (uuid5), so the outbox itself records what was sent:
a second pass over the run (a redelivered task, a resumed run) inserts nothing it inserted
before (ON CONFLICT on the id) and so sends nothing twice. Bills are read by id order in
batches: memory does not grow with the run."""

import time
import uuid
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import partial

from django.db import connection as db
from django.db import transaction

from backend.notifications.models import SmsMessage
from services.water_billing.models import Bill
from services.water_billing.notices import (
    BILL_SMS,
    day_in_both,
    month_in_both,
    taka_in_both,
)

BATCH = 2000
# Fixed forever: changing it would make every bill's message id new, and so send it again.
NAMESPACE = uuid.UUID("5f0c7a52-8a4e-4f43-9d52-7f2b2f0e1b11")


def message_id(bill_id: int) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"water_billing.bill_issued:{bill_id}")


def citizen_language(preferred: str | None) -> str:
    """A citizen's language for SMS: the one they chose, else Bangla."""
    return "en" if (preferred or "")[:2] == "en" else "bn"


def bill_text(*, language: str, number: str, period: date, total: Decimal, due: date) -> str:
    """The SMS in one language: amounts and dates in its digits and words (the connection
    number is a code and keeps its own)."""
    return BILL_SMS.render(
        language,
        number=number,
        period=month_in_both(period),
        total=taka_in_both(total),
        due=day_in_both(due),
    )


def send_for_run(*, run_id: int, after: int = 0, seconds: float | None = None) -> tuple[int, int]:
    """Queue the run's bill SMS from the bill after `after` on, a batch per transaction, for at
    most about `seconds` (None: to the end). Returns (messages queued now, the last bill id
    seen; 0 once every bill is done)."""
    deadline = None if seconds is None else time.monotonic() + seconds
    queued = 0
    while True:
        rows = _next_bills(run_id, after)
        if not rows:
            return queued, 0
        with transaction.atomic():
            new = _insert(
                (
                    message_id(bill_id),
                    mobile,
                    bill_text(
                        language=citizen_language(language),
                        number=number,
                        period=period,
                        total=total,
                        due=due,
                    ),
                )
                for bill_id, period, total, due, number, mobile, language in rows
            )
            transaction.on_commit(partial(_dispatch, new), robust=True)
        queued += len(new)
        after = rows[-1][0]
        if len(rows) < BATCH:
            return queued, 0
        if deadline is not None and time.monotonic() > deadline:
            return queued, after


def _next_bills(run_id: int, after: int) -> list[tuple]:
    return list(
        Bill.objects.filter(run_id=run_id, pk__gt=after, connection__citizen__isnull=False)
        .exclude(connection__citizen__mobile="")
        .order_by("pk")
        .values_list(
            "pk",
            "period",
            "total",
            "due_date",
            "connection__number",
            "connection__citizen__mobile",
            "connection__citizen__user__preferred_language",
        )[:BATCH]
    )


def _insert(messages: Iterable[tuple[uuid.UUID, str, str]]) -> list[str]:
    """Write the messages not in the outbox yet (the model's defaults for every other column);
    the ids written."""
    fields = [f for f in SmsMessage._meta.concrete_fields]
    values: list = []
    rows = 0
    for pk, to, body in messages:
        message = SmsMessage(id=pk, to=to, body=body)
        values += [f.get_db_prep_save(getattr(message, f.attname), db) for f in fields]
        rows += 1
    if not rows:
        return []
    columns = ", ".join(db.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * rows)
    sql = (
        f"INSERT INTO {SmsMessage._meta.db_table} ({columns}) VALUES {placeholders} "  # noqa: S608
        "ON CONFLICT (id) DO NOTHING RETURNING id"
    )
    with db.cursor() as cursor:
        cursor.execute(sql, values)
        return [str(row[0]) for row in cursor.fetchall()]


def _dispatch(message_ids: list[str]) -> None:
    from backend.notifications.tasks import deliver_sms_task

    for pk in message_ids:
        deliver_sms_task.delay(pk)
