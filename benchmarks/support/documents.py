"""Throughput figures for `make bench` (the harness imports these; nothing here is a test).

- bench_render(n): documents per second, the sample certificate with its QR, rendered to PDF
  bytes (context + QR image + template + WeasyPrint). Needs no database.
- bench_render_floor(n): the same renderer drawing a one-line Bangla page: WeasyPrint's own
  fixed cost per PDF with our fonts, the floor the document figure is a ratio to.
- cpu_ms_in_turns(jobs): CPU per PDF of a document and of that floor, called in turns (the
  ratio that moves least on a busy machine; bench_documents and bench_certificates note it).
- bench_verify(n, through="api"|"service"): verifications per second of a genuine token,
  through the public JSON API (Django test client, DRF, throttle) or the service alone. Uses the
  database, inside a transaction that is rolled back.
- bench_signature_floor(n): bare Ed25519 checks per second (the cryptographic floor).

Run directly: `python -m benchmarks.support.documents` (with DJANGO_SETTINGS_MODULE set).
"""

import time
from collections.abc import Callable
from datetime import date

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

SAMPLE_FIELDS = {
    "holder_name_bn": "মোছাঃ রহিমা খাতুন",
    "holder_name_en": "Mst. Rahima Khatun",
    "purpose_bn": "ক্ষতিপূরণ ও পৌরকর",
    "purpose_en": "compensation and holding tax",
    "amount": "1234.50",
}


def _rate(n: int, run) -> float:
    run()  # warm-up: font loading, template compilation, first queries
    started = time.perf_counter()
    for _ in range(n):
        run()
    return n / (time.perf_counter() - started)


def _unsaved_sample_document():
    from backend.documents.keys import Keyring
    from backend.documents.models import IssuedDocument
    from backend.documents.signing import TokenClaims, fields_digest, sign_claims
    from backend.municipality.models import Pourashava

    pourashava = Pourashava(
        code="NAT",
        name_en="Natore Pourashava",
        name_bn="নাটোর পৌরসভা",
        district_en="Natore",
        district_bn="নাটোর",
        upazila_en="Natore Sadar",
        upazila_bn="নাটোর সদর",
    )
    keyring = Keyring.from_private_keys([("bench", Ed25519PrivateKey.generate())])
    claims = TokenClaims(
        "bench",
        "sample",
        "NAT-SMP-2025-26-000001",
        "NAT",
        date(2025, 11, 21),
        fields_digest(SAMPLE_FIELDS),
    )
    from django.utils import timezone

    return IssuedDocument(
        pourashava=pourashava,
        kind="sample",
        number=claims.number,
        language="bn",
        fields=SAMPLE_FIELDS,
        digest=claims.digest.hex(),
        kid="bench",
        token=sign_claims(claims, keyring),
        issued_at=timezone.now(),
    )


def bench_render(n: int = 20) -> float:
    from backend.documents.pdf import render_document

    document = _unsaved_sample_document()
    return _rate(n, lambda: render_document(document))


def render_floor_pdf() -> bytes:
    """One Bangla line through the same renderer set-up (fonts, shared stylesheet, fetcher)."""
    from weasyprint import HTML

    from backend.documents.rendering import _renderer

    font_config, stylesheets, fetcher = _renderer.prepare()
    html = HTML(string="<p>পৌরসভা</p>", url_fetcher=fetcher)
    return html.write_pdf(stylesheets=stylesheets, font_config=font_config)


def bench_render_floor(n: int = 20) -> float:
    return _rate(n, render_floor_pdf)


def cpu_ms_in_turns(jobs: dict[str, tuple[Callable[[], object], int]], rounds: int = 5) -> dict:
    """This process's CPU milliseconds per PDF for each job `name: (render, pdfs_per_call)`,
    the jobs called in turns (a, b, a, b, ...). On a shared machine a figure and its floor
    timed minutes apart in wall time can differ twofold from the load alone; taken in turns and
    in CPU time, both see the same machine."""
    for render, _ in jobs.values():
        render()  # warm-up: fonts, templates, stylesheets
    totals = dict.fromkeys(jobs, 0.0)
    for _ in range(rounds):
        for name, (render, pdfs) in jobs.items():
            started = time.process_time()
            render()
            totals[name] += (time.process_time() - started) / pdfs
    return {name: total / rounds * 1000 for name, total in totals.items()}


def cpu_note(figure_ms: float, floor_ms: float, rounds: int) -> str:
    return (
        f"CPU per PDF {figure_ms:.1f} ms, one-line floor {floor_ms:.1f} ms, taken in turns "
        f"({rounds} rounds): {floor_ms / figure_ms:.3f} of the floor"
    )


def bench_signature_floor(n: int = 2000) -> float:
    key = Ed25519PrivateKey.generate()
    message = b"x" * 80
    signature = key.sign(message)
    public = key.public_key()
    return _rate(n, lambda: public.verify(signature, message))


def bench_verify(n: int = 500, through: str = "api") -> float:
    from django.db import transaction
    from django.test import Client
    from django.test.utils import override_settings

    from backend.documents.keys import reset_keyring
    from backend.documents.services import issue_document, verify_token
    from backend.municipality.models import Pourashava

    key = Ed25519PrivateKey.generate()
    from cryptography.hazmat.primitives import serialization

    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    import base64

    from django.conf import settings

    rates = {**settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {})}
    rates["document_verify"] = "1000000/minute"
    with (
        override_settings(
            DOCUMENT_SIGNING_KEYS=f"bench:{base64.b64encode(raw).decode()}",
            DOCUMENT_VERIFY_KEYS="",
            REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates},
        ),
        transaction.atomic(),
    ):
        pourashava, _ = Pourashava.objects.get_or_create(
            code="BNCH",
            defaults={
                "name_en": "Bench Pourashava",
                "name_bn": "বেঞ্চ পৌরসভা",
                "pourashava_class": "A",
                "district_en": "Natore",
                "district_bn": "নাটোর",
                "upazila_en": "Natore Sadar",
                "upazila_bn": "নাটোর সদর",
            },
        )
        document = issue_document(
            kind="sample",
            number=f"BNCH-{time.time_ns()}",
            pourashava=pourashava,
            fields=SAMPLE_FIELDS,
            language="bn",
            render=False,
        )
        if through == "api":
            client = Client()
            url = f"/api/v1/verify/{document.token}/"

            def run() -> None:
                assert client.get(url).status_code == 200

        else:

            def run() -> None:
                assert verify_token(document.token).genuine

        rate = _rate(n, run)
        transaction.set_rollback(True)
    reset_keyring()
    return rate


def main() -> None:
    import django

    django.setup()
    render = bench_render(20)
    floor = bench_render_floor(20)
    print(
        f"documents rendered per second (PDF with QR): {render:.2f} "
        f"(floor one-line PDF {floor:.2f}/s, ratio {render / floor:.2f})"
    )
    api = bench_verify(300, through="api")
    service = bench_verify(300, through="service")
    signature = bench_signature_floor(2000)
    print(
        f"verifications per second: API {api:.0f}, service {service:.0f} "
        f"(floor bare Ed25519 {signature:.0f}/s, API ratio {api / signature:.3f})"
    )


if __name__ == "__main__":
    main()
