"""Demo agencies (DEMO DATA: names, agreements and legal references are illustrative, not real
MoUs): a bank checking trade licences and certificates, a sub-registrar checking holding
clearance (with the personal scope, so a consenting owner's name and dues can be shown), and the
LGD reading revenue by sector. Their client IDs and secrets are fixed demo values, printed so a
`make run` user can call /api/gov/v1/ at once; the secret is set again on every run (it is
stored hashed, so it could not be printed otherwise).

Idempotent: agencies, scopes and purposes are added where missing."""

from collections.abc import Callable

from django.db import transaction
from oauth2_provider.models import get_application_model

from backend.sharing.models import Agency, AgencyKind, AgencyPurpose, AgencyScope, LegalBasis

DEMO_AGENCIES = [
    {
        "code": "demo-bank",
        "name_en": "Demo Commercial Bank",
        "name_bn": "ডেমো বাণিজ্যিক ব্যাংক",
        "kind": AgencyKind.BANK,
        "secret": "demo-bank-secret-not-for-production",
        "scopes": ["trade_licence", "certificates"],
        "purposes": [
            (
                "account_opening",
                "Customer due diligence at account opening",
                "হিসাব খোলার সময় গ্রাহক যাচাই",
                LegalBasis.MOU,
                "DEMO MoU LGD-BANK-01 (demo value)",
            ),
        ],
    },
    {
        "code": "demo-sub-registrar",
        "name_en": "Demo Sub-Registry Office, Natore",
        "name_bn": "ডেমো সাব-রেজিস্ট্রি অফিস, নাটোর",
        "kind": AgencyKind.SUB_REGISTRAR,
        "secret": "demo-sub-registrar-secret-not-for-production",
        "scopes": ["holding_tax", "holding_tax:personal"],
        "purposes": [
            (
                "deed_registration",
                "Checking holding tax dues before registering a deed",
                "দলিল নিবন্ধনের আগে হোল্ডিং করের বকেয়া যাচাই",
                LegalBasis.LAW,
                "DEMO reference: registration rules (demo value)",
            ),
        ],
    },
    {
        "code": "demo-lgd",
        "name_en": "Local Government Division (demo client)",
        "name_bn": "স্থানীয় সরকার বিভাগ (ডেমো ক্লায়েন্ট)",
        "kind": AgencyKind.MINISTRY,
        "secret": "demo-lgd-secret-not-for-production",
        "scopes": ["revenue"],
        "purposes": [
            (
                "revenue_monitoring",
                "Monitoring pourashava revenue by sector",
                "খাতভিত্তিক পৌরসভা রাজস্ব পর্যবেক্ষণ",
                LegalBasis.LAW,
                "Local Government (Pourashava) Act 2009 (demo reference)",
            ),
        ],
    },
]


def _ensure(spec: dict) -> Agency:
    Application = get_application_model()
    application, _ = Application.objects.get_or_create(
        client_id=spec["code"],
        defaults={
            "name": f"agency:{spec['code']}",
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_CLIENT_CREDENTIALS,
            "client_secret": spec["secret"],
            "hash_client_secret": True,
            "skip_authorization": True,
        },
    )
    application.client_secret = spec["secret"]  # hashed on save; fixed so it can be printed
    application.save(update_fields=["client_secret"])
    agency, _ = Agency.objects.get_or_create(
        code=spec["code"],
        defaults={
            "name_en": spec["name_en"],
            "name_bn": spec["name_bn"],
            "kind": spec["kind"],
            "application": application,
            "agreement_reference": "DEMO (not a real agreement)",
        },
    )
    for scope in spec["scopes"]:
        AgencyScope.objects.get_or_create(agency=agency, scope=scope)
    for code, text_en, text_bn, basis, reference in spec["purposes"]:
        AgencyPurpose.objects.get_or_create(
            agency=agency,
            code=code,
            defaults={
                "text_en": text_en,
                "text_bn": text_bn,
                "legal_basis": basis,
                "basis_reference": reference,
            },
        )
    return agency


def load(out: Callable[[str], None]) -> None:
    with transaction.atomic():
        agencies = [(_ensure(spec), spec) for spec in DEMO_AGENCIES]
    out(f"Sharing demo: {len(agencies)} demo agencies (client credentials, DEMO values):")
    for agency, spec in agencies:
        out(
            f"  {agency.name_en}: client_id={agency.application.client_id} "
            f"client_secret={spec['secret']} scopes={' '.join(spec['scopes'])} "
            f"purpose={spec['purposes'][0][0]}"
        )
    out(
        "Try it: curl -s -u demo-sub-registrar:demo-sub-registrar-secret-not-for-production "
        "-d grant_type=client_credentials http://127.0.0.1:8000/api/gov/v1/token/ ; then "
        "curl -H 'Authorization: Bearer <token>' "
        "'http://127.0.0.1:8000/api/gov/v1/datasets/holding.clearance/lookup/"
        "?subject=NAT-1-1&purpose=deed_registration'"
    )
