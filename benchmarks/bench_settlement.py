"""Settlement: settle_payment (payment and bill row locks, demand lines applied, bill paid,
gapless receipt number from a locked counter, receipt lines, gateway event, audit) against a
floor of the same locks and row writes in raw SQL, one transaction per settlement, in this
process on PostgreSQL. Bills and pending payments are prepared before timing starts."""

from benchmarks.harness import Context, Result

BATCH = 20  # settlements per timed call
CALLS = 6  # one warm-up call, then REPEAT timed ones
REPEAT = CALLS - 1


def run(ctx: Context) -> list[Result]:
    ctx.django()
    from benchmarks.support import payments as b

    def batches(tag: str):
        ids = b.prepare_payments(BATCH * CALLS, tag)
        return iter([ids[i : i + BATCH] for i in range(0, len(ids), BATCH)])

    raw_batches = batches("raw")
    floor = ctx.floor(
        "settlement-raw-sql",
        lambda: ctx.timed(
            "raw SQL settlement (floor)",
            lambda: b.settle_raw_sql(next(raw_batches)),
            unit="settlements/s",
            items_per_call=BATCH,
            repeat=REPEAT,
        ),
    )
    service_batches = batches("svc")
    settled = ctx.timed(
        "settle_payment",
        lambda: b.settle_through_service(next(service_batches)),
        unit="settlements/s",
        items_per_call=BATCH,
        repeat=REPEAT,
    )
    ctx.relative(settled, floor)
    return [floor, settled]
