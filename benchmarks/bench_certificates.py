"""Certificates: heir certificates rendered per second (three heirs in a table, the signature
image and the signed QR, drawn directly) against the one-line WeasyPrint floor; and the QR
verification endpoint for a certificate's token, served by gunicorn on PostgreSQL, against the
bare endpoint."""

from benchmarks.harness import Context, Result

CERTIFICATES = 3  # rendered once each per timed call
CPU_ROUNDS = 5  # certificates and the floor in turns, in this process's CPU time


def run(ctx: Context) -> list[Result]:
    ctx.django()
    from backend.documents.pdf import render_document
    from benchmarks.support import documents as docs
    from benchmarks.support.certificates import prepare_heir_certificates

    documents = prepare_heir_certificates(CERTIFICATES)
    ctx.facts["certificate_numbers"] = [document.number for document in documents]

    def render_certificates() -> None:
        for document in documents:
            render_document(document)

    # The same floor, under the same key, as bench_documents: measured once per run.
    floor = ctx.floor(
        "pdf-one-line",
        lambda: ctx.timed(
            "one-line PDF (floor)",
            lambda: docs.bench_render_floor(CERTIFICATES),
            unit="PDFs/s",
            items_per_call=CERTIFICATES,
            repeat=3,
        ),
    )
    certificates = ctx.timed(
        "heir certificate PDF (3 heirs, signature, QR)",
        render_certificates,
        unit="PDFs/s",
        items_per_call=CERTIFICATES,
        repeat=3,
    )
    ctx.relative(certificates, floor)
    cpu = docs.cpu_ms_in_turns(
        {"floor": (docs.render_floor_pdf, 1), "certificate": (render_certificates, CERTIFICATES)},
        rounds=CPU_ROUNDS,
    )
    certificates.notes.append(docs.cpu_note(cpu["certificate"], cpu["floor"], CPU_ROUNDS))

    token = documents[0].token
    bare = ctx.http_floor()
    api_floor, _ = ctx.sql_floor(
        "verify-certificate",
        f"/api/v1/verify/{token}/",
        label="GET /api/v1/verify/<certificate token>/",
    )
    ctx.relative(api_floor, bare)
    api = ctx.relative(
        ctx.http("GET /api/v1/verify/<certificate token>/", f"/api/v1/verify/{token}/"), api_floor
    )
    api.notes.append(f"{api.value / bare.value:.3f} of the bare floor (/healthz)")
    page = ctx.relative(
        ctx.http("GET /verify/<certificate token> (page)", f"/verify/{token}"), bare
    )
    return [floor, certificates, bare, api_floor, api, page]
