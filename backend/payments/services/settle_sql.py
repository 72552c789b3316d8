"""Settlement's statements on PostgreSQL: the same row locks, in the documented order (payment ->
bills over the demands -> demands -> demand lines -> receipt counter), in four round trips, and
every write of a settlement (lines, demands, bills, payment, gateway event, receipt number,
receipt, receipt lines, audit entry) in the last of them.

Why each statement stands alone where it does: each lock statement after the first starts once
the rows before it are locked, so it reads what their holders committed (a statement sees the
commits made before it began). The demand lines are read in a statement of their own for that
reason: lines a concurrent settlement added under the demand lock are then seen. The demands are
locked in the bills' statement (an update is followed to its newest version by FOR UPDATE, and
demands are never inserted under a bill lock); a scalar subquery over the locked bills ahead of
them makes every bill locked before the first demand is."""

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache

from django.db import connection

from backend.identity.models import Citizen
from backend.municipality.models import Pourashava
from backend.payments.models import Demand, Payment
from backend.payments.services.rows import columns as _columns
from backend.payments.services.rows import instance as _instance


@dataclass(slots=True)
class Line:
    """A locked demand line: what settlement reads and changes of it."""

    pk: int
    demand_id: int
    head_id: str
    amount: Decimal
    amount_paid: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.amount_paid


@dataclass(slots=True)
class BillRow:
    pk: int
    number: str
    status: str
    total: Decimal
    valid_until: datetime


@dataclass(slots=True)
class BillLineRow:
    demand_id: int
    demand_line_id: int | None
    head_id: str
    amount: Decimal
    pourashava_id: int


@dataclass(slots=True)
class BillLock:
    lines: list[BillLineRow]
    bills: dict[int, BillRow]
    demands: dict[int, Demand]
    txn_taken: bool  # the gateway transaction id is already another payment's


@cache
def _payment_sql() -> str:
    # Names from the models' metadata only; values go as parameters.
    return (
        f"SELECT {_columns(Payment, 'p')}, {_columns(Pourashava, 'po')}, "  # noqa: S608
        f"{_columns(Citizen, 'c')} "
        f'FROM "{Payment._meta.db_table}" p '
        f'JOIN "{Pourashava._meta.db_table}" po ON po.id = p.pourashava_id '
        f'LEFT JOIN "{Citizen._meta.db_table}" c ON c.id = p.citizen_id '
        "WHERE p.id = %s FOR UPDATE OF p"
    )


def lock_payment(payment_id: int) -> Payment:
    """The payment row, locked, with its pourashava and citizen (one statement)."""
    with connection.cursor() as cursor:
        cursor.execute(_payment_sql(), [payment_id])
        row = cursor.fetchone()
    if row is None:
        raise Payment.DoesNotExist(f"payment {payment_id} does not exist")
    n_pay, n_pou = len(Payment._meta.concrete_fields), len(Pourashava._meta.concrete_fields)
    payment = _instance(Payment, row[:n_pay])
    pourashava = _instance(Pourashava, row[n_pay : n_pay + n_pou])
    citizen_values = row[n_pay + n_pou :]
    citizen_pk = citizen_values[Citizen._meta.concrete_fields.index(Citizen._meta.pk)]
    citizen = _instance(Citizen, citizen_values) if citizen_pk is not None else None
    payment._state.fields_cache["pourashava"] = pourashava
    payment._state.fields_cache["citizen"] = citizen
    return payment


@cache
def _bill_sql() -> str:
    # Column names from the model's metadata; values are parameters.
    return f"""
WITH lines AS MATERIALIZED (
    SELECT bl.demand_id, bl.demand_line_id, bl.head_id, bl.amount, bl.pourashava_id,
           row_number() OVER (ORDER BY bl.demand_id, h."order", bl.id) AS n
    FROM payments_billline bl JOIN payments_revenuehead h ON h.code = bl.head_id
    WHERE bl.bill_id = %(bill)s
), bills AS MATERIALIZED (
    SELECT b.id, b.number, b.status, b.total, b.valid_until FROM payments_bill b
    WHERE b.id = %(bill)s OR (b.status = 'open' AND b.id IN (
        SELECT m.bill_id FROM payments_bill_demands m
        WHERE m.demand_id IN (SELECT demand_id FROM lines)))
    ORDER BY b.id FOR UPDATE OF b
), demands AS MATERIALIZED (
    SELECT {_columns(Demand, "d")} FROM payments_demand d
    WHERE d.id IN (SELECT demand_id FROM lines) AND (SELECT count(*) FROM bills) > 0
    ORDER BY d.id FOR UPDATE OF d
)
SELECT
    (SELECT array_agg(demand_id ORDER BY n) FROM lines),
    (SELECT array_agg(demand_line_id ORDER BY n) FROM lines),
    (SELECT array_agg(head_id ORDER BY n) FROM lines),
    (SELECT array_agg(amount ORDER BY n) FROM lines),
    (SELECT array_agg(pourashava_id ORDER BY n) FROM lines),
    (SELECT array_agg(id ORDER BY id) FROM bills),
    (SELECT array_agg(number ORDER BY id) FROM bills),
    (SELECT array_agg(status ORDER BY id) FROM bills),
    (SELECT array_agg(total ORDER BY id) FROM bills),
    (SELECT array_agg(valid_until ORDER BY id) FROM bills),
    EXISTS (SELECT 1 FROM payments_payment o WHERE %(txn)s::varchar IS NOT NULL
            AND o.channel = %(channel)s AND o.gateway_transaction_id = %(txn)s
            AND o.id <> %(payment)s),
    d.*
FROM (SELECT 1) AS one LEFT JOIN demands d ON true
ORDER BY d.id
"""  # noqa: S608


def lock_bill(payment: Payment, txn: str | None) -> BillLock:
    """The bill's lines; the payment's bill and the open bills over its demands, locked by id;
    then its demands, locked by id (one statement). Also whether `txn` is another payment's."""
    params = {
        "bill": payment.bill_id,
        "txn": txn,
        "channel": payment.channel,
        "payment": payment.pk,
    }
    with connection.cursor() as cursor:
        cursor.execute(_bill_sql(), params)
        rows = cursor.fetchall()
    first = rows[0]
    lines = [
        BillLineRow(*values) for values in zip(*(column or [] for column in first[:5]), strict=True)
    ]
    bills = {
        values[0]: BillRow(*values)
        for values in zip(*(column or [] for column in first[5:10]), strict=True)
    }
    demands = {}
    pk_at = 11 + Demand._meta.concrete_fields.index(Demand._meta.pk)
    for row in rows:
        if row[pk_at] is not None:  # the LEFT JOIN found a demand
            demand = _instance(Demand, row[11:])
            demands[demand.pk] = demand
    return BillLock(lines=lines, bills=bills, demands=demands, txn_taken=first[10])


def lock_lines(demand_ids: list[int]) -> dict[int, Line]:
    """The demands' lines, locked by id (after the demands: the lock order)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, demand_id, head_id, amount, amount_paid FROM payments_demandline "
            "WHERE demand_id = ANY(%s) ORDER BY id FOR UPDATE",
            [demand_ids],
        )
        return {row[0]: Line(*row) for row in cursor.fetchall()}


_WRITE = """
WITH paid_lines AS (
    UPDATE payments_demandline l SET amount_paid = v.paid
    FROM unnest(%(dl_ids)s::bigint[], %(dl_paid)s::numeric[]) AS v(id, paid) WHERE l.id = v.id
), new_lines AS (
    INSERT INTO payments_demandline (pourashava_id, demand_id, head_id, amount, amount_paid)
    SELECT v.pourashava_id, v.demand_id, v.head_id, v.amount, v.amount
    FROM unnest(%(nl_pourashava)s::bigint[], %(nl_demand)s::bigint[], %(nl_head)s::varchar[],
                %(nl_amount)s::numeric[]) WITH ORDINALITY AS v(pourashava_id, demand_id, head_id,
                amount, n)
    ORDER BY v.n
), paid_bill AS (
    UPDATE payments_bill SET status = 'paid', paid_at = %(now)s WHERE id = %(bill)s
), superseded AS (
    UPDATE payments_bill SET status = 'superseded' WHERE id = ANY(%(superseded)s::bigint[])
), demands AS (
    UPDATE payments_demand d SET status = v.status, updated_at = %(now)s
    FROM unnest(%(d_ids)s::bigint[], %(d_status)s::varchar[]) AS v(id, status) WHERE d.id = v.id
), payment AS (
    UPDATE payments_payment SET status = 'settled', settled_at = %(now)s,
        gateway_transaction_id = %(txn)s
    WHERE id = %(payment)s
), event AS (
    INSERT INTO payments_gatewayevent (payment_id, pourashava_id, kind, payload, answer, outcome,
        mismatch, at)
    SELECT %(payment)s, %(pourashava)s, %(event_kind)s, %(event_payload)s::jsonb,
        %(event_answer)s::jsonb, 'paid', false, %(event_at)s
    WHERE %(event)s
), counter AS (
    INSERT INTO common_counter AS c (pourashava_id, series, fiscal_year, value)
    VALUES (%(pourashava)s, 'RC', %(fiscal_year)s, 1)
    ON CONFLICT (pourashava_id, series, fiscal_year) DO UPDATE SET value = c.value + 1
    RETURNING c.value
), receipt AS (
    INSERT INTO payments_receipt (pourashava_id, number, fiscal_year, payment_id, citizen_id,
        payer_name_en, payer_name_bn, total, channel, paid_at, issued_at, collector_id,
        udc_centre_id, document_token)
    SELECT %(pourashava)s,
        %(prefix)s || CASE WHEN value < 1000000 THEN lpad(value::text, 6, '0')
                           ELSE value::text END,
        %(fiscal_year)s, %(payment)s, %(citizen)s, %(name_en)s, %(name_bn)s, %(amount)s,
        %(channel)s, %(now)s, %(now)s, %(collector)s, %(udc_centre)s, ''
    FROM counter
    RETURNING id, number
), receipt_lines AS (
    INSERT INTO payments_receiptline (pourashava_id, receipt_id, demand_id, head_id, amount)
    SELECT %(pourashava)s, receipt.id, v.demand_id, v.head_id, v.amount
    FROM receipt, unnest(%(rl_demand)s::bigint[], %(rl_head)s::varchar[],
                         %(rl_amount)s::numeric[])
         WITH ORDINALITY AS v(demand_id, head_id, amount, n)
    ORDER BY v.n
), audit AS (
    INSERT INTO identity_auditentry (at, actor_id, pourashava_id, action, object_type, object_id,
        before, after, assisted_session_id, client_address)
    SELECT %(now)s, %(actor)s, %(pourashava)s, 'payments.payment_settled', 'payments.payment',
        %(payment_text)s, %(before)s::jsonb,
        jsonb_build_object('status', 'settled', 'receipt', receipt.number,
            'source', %(source)s::text, 'amount', %(amount_text)s::text,
            'channel', %(channel)s::text),
        %(assisted_session)s, %(client_address)s::inet
    FROM receipt
)
SELECT id, number FROM receipt
"""


def write_settlement(
    *,
    payment: Payment,
    now: datetime,
    fiscal_year: str,
    paid_lines: list,
    new_lines: list,
    bill_id: int | None,
    superseded: list[int],
    demand_status: dict[int, str],
    receipt_lines: list[tuple[int, str, Decimal]],
    event: dict | None,
    source: str,
    actor_id: int | None,
    assisted_session_id: int | None,
    client_address: str | None,
) -> tuple[int, str]:
    """Every write of a settlement in one statement; the receipt counter (the last lock of the
    order) is the only row it locks that was not locked before. Returns the receipt's id and
    number."""
    citizen = payment.citizen
    params = {
        "dl_ids": [line.pk for line in paid_lines],
        "dl_paid": [line.amount_paid for line in paid_lines],
        "nl_pourashava": [line.pourashava_id for line in new_lines],
        "nl_demand": [line.demand_id for line in new_lines],
        "nl_head": [line.head_id for line in new_lines],
        "nl_amount": [line.amount for line in new_lines],
        "now": now,
        "bill": bill_id,
        "superseded": superseded,
        "d_ids": list(demand_status),
        "d_status": [str(status) for status in demand_status.values()],
        "payment": payment.pk,
        "payment_text": str(payment.pk),
        "txn": payment.gateway_transaction_id,
        "pourashava": payment.pourashava_id,
        "event": event is not None,
        "event_kind": (event or {}).get("kind", ""),
        "event_payload": json.dumps((event or {}).get("payload", {})),
        "event_answer": json.dumps((event or {}).get("answer", {})),
        "event_at": (event or {}).get("at", now),
        "fiscal_year": fiscal_year,
        "prefix": f"{payment.pourashava.code}-RC-{fiscal_year}-",
        "citizen": payment.citizen_id,
        "name_en": getattr(citizen, "name_en", "") or "",
        "name_bn": getattr(citizen, "name_bn", "") or "",
        "amount": payment.amount,
        "amount_text": str(payment.amount),
        "channel": str(payment.channel),
        "collector": payment.collector_id,
        "udc_centre": payment.udc_centre_id,
        "rl_demand": [demand_id for demand_id, _, _ in receipt_lines],
        "rl_head": [head_id for _, head_id, _ in receipt_lines],
        "rl_amount": [amount for _, _, amount in receipt_lines],
        "actor": actor_id,
        "before": json.dumps({"status": "pending"}),
        "source": source,
        "assisted_session": assisted_session_id,
        "client_address": client_address,
    }
    with connection.cursor() as cursor:
        cursor.execute(_WRITE, params)
        receipt_id, number = cursor.fetchone()
    return receipt_id, number
