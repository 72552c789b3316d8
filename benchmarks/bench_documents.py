"""Documents: receipts rendered per second (a settled receipt's PDF with its signed QR, drawn
directly as the receipt kind does) against a one-line PDF through WeasyPrint (the renderer's
floor the issue set), and a receipt served again from
storage; and the QR verification endpoint, API and public page, served by gunicorn on
PostgreSQL, against its own SQL floor (the same statements in a minimal view) and the bare
endpoint."""

from benchmarks.harness import Context, Result

RECEIPTS = 3  # rendered once each per timed call
CPU_ROUNDS = 5  # receipts and the floor in turns, in this process's CPU time


def run(ctx: Context) -> list[Result]:
    ctx.django()
    from backend.documents.pdf import render_document
    from backend.payments.models import Receipt
    from backend.payments.services.receipts import _issued_document, render_receipt_pdf
    from benchmarks.harness.inprocess import in_process
    from benchmarks.support import documents as docs
    from benchmarks.support import payments as pay

    ids = pay.prepare_payments(RECEIPTS, "docs")
    pay.settle_through_service(ids)
    documents = [_issued_document(r, "bn") for r in Receipt.objects.filter(payment_id__in=ids)]

    def render_receipts() -> None:
        for document in documents:
            render_document(document, "bn")

    floor = ctx.floor(
        "pdf-one-line",
        lambda: ctx.timed(
            "one-line PDF (floor)",
            lambda: docs.bench_render_floor(RECEIPTS),
            unit="PDFs/s",
            items_per_call=RECEIPTS,
            repeat=3,
        ),
    )
    receipts = ctx.timed(
        "receipt PDF with QR", render_receipts, unit="PDFs/s", items_per_call=RECEIPTS, repeat=3
    )
    ctx.relative(receipts, floor)
    cpu = docs.cpu_ms_in_turns(
        {"floor": (docs.render_floor_pdf, 1), "receipt": (render_receipts, RECEIPTS)},
        rounds=CPU_ROUNDS,
    )
    receipts.notes.append(docs.cpu_note(cpu["receipt"], cpu["floor"], CPU_ROUNDS))

    # After the first print a receipt's PDF is kept in storage: what a citizen's second
    # download costs (the receipt's rows, its document, the stored file).
    stored = list(Receipt.objects.filter(payment_id__in=ids))
    for receipt in stored:
        render_receipt_pdf(receipt, language="bn")  # the first print renders and stores

    def serve_stored() -> None:
        for receipt in stored:
            render_receipt_pdf(receipt, language="bn")

    served = ctx.relative(
        ctx.timed(
            "receipt PDF again (from storage)",
            serve_stored,
            unit="PDFs/s",
            items_per_call=RECEIPTS,
            repeat=10,
        ),
        floor,
    )

    token = documents[0].token
    bare = ctx.http_floor()
    api_floor, _ = ctx.sql_floor(
        "verify-receipt", f"/api/v1/verify/{token}/", label="GET /api/v1/verify/<token>/"
    )
    ctx.relative(api_floor, bare)
    api = ctx.relative(
        ctx.http("GET /api/v1/verify/<token>/", f"/api/v1/verify/{token}/"), api_floor
    )
    api.notes.append(f"{api.value / bare.value:.3f} of the bare floor (/healthz)")
    # The same pair in this process (no HTTP): steadier on a busy machine.
    get = in_process()
    in_floor = ctx.timed(
        "in-process GET /api/v1/verify/<token>/: its SQL in a minimal view (floor)",
        lambda: get("/_floor/sql/verify-receipt"),
        unit="req/s",
        repeat=400,
    )
    in_api = ctx.relative(
        ctx.timed(
            "in-process GET /api/v1/verify/<token>/",
            lambda: get(f"/api/v1/verify/{token}/"),
            unit="req/s",
            repeat=400,
        ),
        in_floor,
    )
    page = ctx.relative(ctx.http("GET /verify/<token> (page)", f"/verify/{token}"), bare)
    return [floor, receipts, served, bare, api_floor, api, page, in_floor, in_api]
