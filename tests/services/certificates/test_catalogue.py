"""Certificate types as data: the ten defaults from the issue, installed per pourashava without
ever overwriting a pourashava's own edits, and listed publicly in the asker's language."""

import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from services.certificates.models import CertificateType
from services.certificates.services.catalogue import default_types, install_default_types
from services.certificates.wording import check_body
from tests.factories import PourashavaFactory
from tests.services.certificates.helpers import TYPES

pytestmark = pytest.mark.django_db

ISSUE_KINDS = {
    "citizenship",
    "character",
    "heir",
    "unmarried",
    "income",
    "residence",
    "landless",
    "family",
    "widow_not_remarried",
    "pension_nomination",
}
BANGLA = re.compile(r"[\u0980-\u09FF]")


def test_the_defaults_are_the_issues_ten_kinds_each_with_a_stated_source():
    definitions = {d["code"]: d for d in default_types()}
    assert set(definitions) == ISSUE_KINDS
    for code, d in definitions.items():
        source = d["source"]
        assert "section 4" in source or source.startswith("default, to be set by the pourashava")
        assert Decimal(d["fee_bn"]) >= 0 and Decimal(d["fee_en"]) >= 0, code
        assert d["sla_days"] >= 1, code
        assert BANGLA.search(d["name_bn"]) and BANGLA.search(d["body_bn"]), code
        assert not BANGLA.search(d["body_en"]), code
        for field in d["form_fields"]:
            assert field["type"] in {"text", "date", "number", "choice"}
            assert field["label_en"] and BANGLA.search(field["label_bn"])
        for document in d["required_documents"]:
            assert document["label_en"] and BANGLA.search(document["label_bn"])
    # The figures the reference gives are the ones installed, not rounded guesses.
    assert (definitions["heir"]["fee_bn"], definitions["heir"]["sla_days"]) == ("300.00", 3)
    assert (definitions["citizenship"]["fee_bn"], definitions["citizenship"]["fee_en"]) == (
        "20.00",
        "50.00",
    )
    assert definitions["residence"]["source"].startswith("default, to be set by the pourashava")
    assert definitions["heir"]["lists_heirs"] is True
    assert any(
        d["code"] == "death_certificate" and d["required"]
        for d in definitions["heir"]["required_documents"]
    )


def test_every_default_wording_uses_only_placeholders_the_documents_side_fills():
    for d in default_types():
        assert check_body(d["body_en"], d["form_fields"]) == [], d["code"]
        assert check_body(d["body_bn"], d["form_fields"]) == [], d["code"]
        # Type-specific answers in the wording are the type's own questions.
        for token in re.findall(r"\{answers\.([a-z_]+)\}", d["body_en"] + d["body_bn"]):
            assert token in {f["code"] for f in d["form_fields"]}


def test_installing_is_idempotent_and_keeps_a_pourashavas_edits():
    natore = PourashavaFactory(code="NAT")
    created = install_default_types(natore)
    assert {t.code for t in created} == ISSUE_KINDS

    heir = CertificateType.objects.get(pourashava=natore, code="heir")
    heir.fee_bn = Decimal("70.00")
    heir.sla_days = 15
    heir.body_bn = "নিজস্ব লেখা {deceased_name}"
    heir.save()
    CertificateType.objects.filter(pourashava=natore, code="landless").update(is_active=False)
    CertificateType.objects.filter(pourashava=natore, code="family").delete()

    again = install_default_types(natore)

    assert [t.code for t in again] == ["family"]  # only the missing code comes back
    heir.refresh_from_db()
    assert (heir.fee_bn, heir.sla_days, heir.body_bn) == (
        Decimal("70.00"),
        15,
        "নিজস্ব লেখা {deceased_name}",
    )
    assert not CertificateType.objects.get(pourashava=natore, code="landless").is_active
    assert CertificateType.objects.filter(pourashava=natore).count() == 10


def test_the_command_installs_for_one_pourashava_or_all():
    natore = PourashavaFactory(code="NAT")
    singra = PourashavaFactory(code="SIN")
    call_command("install_certificate_types", "--pourashava", "nat")
    assert CertificateType.objects.filter(pourashava=natore).count() == 10
    assert not CertificateType.objects.filter(pourashava=singra).exists()
    call_command("install_certificate_types")
    assert CertificateType.objects.filter(pourashava=singra).count() == 10
    assert CertificateType.objects.count() == 20
    with pytest.raises(CommandError):
        call_command("install_certificate_types", "--pourashava", "XXX")


def test_public_list_in_bangla_and_english(api):
    natore = PourashavaFactory(code="NAT")
    install_default_types(natore)
    CertificateType.objects.filter(pourashava=natore, code="landless").update(is_active=False)

    bangla = api.get(TYPES, {"pourashava": "NAT"}, HTTP_ACCEPT_LANGUAGE="bn")
    assert bangla.status_code == 200
    by_code = {t["code"]: t for t in bangla.json()["results"]}
    assert "landless" not in by_code  # withdrawn types are not offered
    income = by_code["income"]
    assert income["name"] == "আয়ের সনদ"
    assert income["form_fields"][0] == {
        "code": "annual_income",
        "label": "বার্ষিক আয় (টাকা)",
        "type": "number",
        "required": True,
        "choices": [],
    }
    assert by_code["heir"]["required_documents"][0]["label"] == "মৃত ব্যক্তির মৃত্যু সনদ"
    assert by_code["citizenship"]["fee_bn"] == "20.00"
    assert by_code["citizenship"]["fee_en"] == "50.00"

    english = api.get(TYPES, {"pourashava": "nat"}, HTTP_ACCEPT_LANGUAGE="en")
    names = {t["code"]: t["name"] for t in english.json()["results"]}
    assert names["heir"] == "Heir (warish) certificate"


def test_public_list_needs_a_known_pourashava(api, db):
    missing = api.get(TYPES, HTTP_ACCEPT_LANGUAGE="bn")
    assert missing.status_code == 400
    assert missing.json()["error"]["code"] == "pourashava_required"
    assert "পৌরসভার কোড" in missing.json()["error"]["message"]
    unknown = api.get(TYPES, {"pourashava": "ZZZ"})
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "pourashava_not_found"


def test_demo_installs_types_and_a_signatory_for_each_certificate_officer(settings, tmp_path):
    from backend.identity.models import Role
    from services.certificates import demo
    from services.certificates.models import Signatory
    from tests.factories import RoleAssignmentFactory, UserFactory
    from tests.services.certificates.helpers import use_tmp_media

    use_tmp_media(settings, tmp_path)
    natore = PourashavaFactory(code="NAT")
    officer = UserFactory(username="nat.certificate_officer", is_staff=True)
    RoleAssignmentFactory(user=officer, role=Role.CERTIFICATE_OFFICER, pourashava=natore)
    lines: list[str] = []

    demo.load(lines.append)
    CertificateType.objects.filter(pourashava=natore, code="heir").update(fee_bn=Decimal("70"))
    demo.load(lines.append)

    assert CertificateType.objects.filter(pourashava=natore).count() == 10
    assert CertificateType.objects.get(pourashava=natore, code="heir").fee_bn == Decimal("70")
    signatory = Signatory.objects.get(pourashava=natore)
    assert signatory.user == officer and signatory.signature
    assert any("10 certificate types added" in line for line in lines)
    assert any("0 certificate types added" in line for line in lines)
