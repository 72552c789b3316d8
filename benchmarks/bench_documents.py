"""Documents: receipts rendered per second (a settled receipt's PDF with its signed QR, through
WeasyPrint) against a one-line PDF rendered the same way; and the QR verification endpoint,
API and public page, served by gunicorn on PostgreSQL, against the bare endpoint."""

from benchmarks.harness import Context, Result

RECEIPTS = 3  # rendered once each per timed call


def run(ctx: Context) -> list[Result]:
    ctx.django()
    from backend.documents.pdf import document_context
    from backend.documents.rendering import render_pdf
    from backend.payments.models import Receipt
    from backend.payments.services.receipts import TEMPLATE, _issued_document
    from benchmarks.support import documents as docs
    from benchmarks.support import payments as pay

    ids = pay.prepare_payments(RECEIPTS, "docs")
    pay.settle_through_service(ids)
    documents = [_issued_document(r, "bn") for r in Receipt.objects.filter(payment_id__in=ids)]

    def render_receipts() -> None:
        for document in documents:
            render_pdf(TEMPLATE, document_context(document), language="bn")

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

    token = documents[0].token
    bare = ctx.http_floor()
    api = ctx.relative(ctx.http("GET /api/v1/verify/<token>/", f"/api/v1/verify/{token}/"), bare)
    page = ctx.relative(ctx.http("GET /verify/<token> (page)", f"/verify/{token}"), bare)
    return [floor, receipts, bare, api, page]
