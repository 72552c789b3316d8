"""Settlement: settle_payment (payment and bill row locks, demand lines applied, bill paid,
gapless receipt number from a locked counter, receipt lines, gateway event, audit) against a
floor of the same locks and row writes in raw SQL, one transaction per settlement, in this
process on PostgreSQL. Bills and pending payments are prepared before timing starts. Also this
process's CPU per settlement each way (steady on a busy machine, where wall time is not)."""

import time

from benchmarks.harness import Context, Result

BATCH = 20  # settlements per timed call
CALLS = 6  # one warm-up call, then REPEAT timed ones
REPEAT = CALLS - 1


def run(ctx: Context) -> list[Result]:
    ctx.django()
    from benchmarks.support import payments as b

    def batches(tag: str):
        ids = b.prepare_payments(BATCH * CALLS, tag)
        return [ids[i : i + BATCH] for i in range(0, len(ids), BATCH)]

    raw_batches = iter(batches("raw"))
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
    # The gateway's answers are read before timing (a callback arrives with its answer).
    service_batches = iter([b.gateway_answers(ids) for ids in batches("svc")])
    settled = ctx.timed(
        "settle_payment",
        lambda: b.settle_answers(next(service_batches)),
        unit="settlements/s",
        items_per_call=BATCH,
        repeat=REPEAT,
    )
    ctx.relative(settled, floor)

    # This process's own CPU per settlement (process time, not wall time): what the Python
    # around the same statements costs, whatever else runs on the machine meanwhile.
    raw_ids, service_answers = batches("rawcpu")[0], b.gateway_answers(batches("svccpu")[0])
    started = time.process_time()
    b.settle_raw_sql(raw_ids)
    raw_cpu = time.process_time() - started
    started = time.process_time()
    b.settle_answers(service_answers)
    service_cpu = time.process_time() - started
    cpu_floor = Result(
        benchmark=ctx.benchmark,
        name="raw SQL settlement, client CPU (floor)",
        value=BATCH / raw_cpu if raw_cpu else 0.0,
        unit="settlements/CPU-s",
        count=BATCH,
        notes=[f"{raw_cpu / BATCH * 1000:.2f} ms of this process's CPU each"],
    )
    cpu = Result(
        benchmark=ctx.benchmark,
        name="settle_payment, client CPU",
        value=BATCH / service_cpu if service_cpu else 0.0,
        unit="settlements/CPU-s",
        count=BATCH,
        notes=[f"{service_cpu / BATCH * 1000:.2f} ms of this process's CPU each"],
    )
    ctx.relative(cpu, cpu_floor)
    return [floor, settled, cpu_floor, cpu]
