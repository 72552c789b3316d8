"""Pilot demo data and the load_demo_data command."""

import json
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from backend.municipality import demo
from backend.municipality.management.commands.load_demo_data import demo_loaders
from backend.municipality.models import Mahalla, Pourashava, Ward

pytestmark = pytest.mark.django_db

PILOT = {"GOP", "PIR", "TUN", "MYM", "FRD", "JHE", "SIN", "RAM", "NAT", "TAR"}


def table_state() -> tuple:
    return (
        sorted(Pourashava.objects.values_list("code", "name_en", "name_bn", "pourashava_class")),
        sorted(Ward.objects.values_list("pk", "pourashava__code", "number", "name_bn")),
        sorted(Mahalla.objects.values_list("pk", "ward_id", "name_en", "name_bn")),
    )


def test_loading_twice_gives_the_ten_pilot_pourashavas_and_changes_nothing():
    lines: list[str] = []
    demo.load(lines.append)
    first = table_state()
    demo.load(lines.append)
    assert table_state() == first

    assert set(Pourashava.objects.values_list("code", flat=True)) == PILOT
    for town in Pourashava.objects.all():
        assert town.name_bn.endswith("পৌরসভা")
        assert town.district_bn and town.upazila_bn
        assert town.pourashava_class in {"A", "B", "C"}
        wards = list(town.wards.all())
        assert [w.number for w in wards] == list(range(1, 10))
        for ward in wards:
            mahallas = list(ward.mahallas.all())
            assert 2 <= len(mahallas) <= 3
            assert all(m.name_bn and m.name_en and m.pourashava_id == town.pk for m in mahallas)
    assert any("municipality: 10 pourashavas, 90 wards" in line for line in lines)


def test_every_record_says_which_of_its_values_are_demo_or_uncertain():
    demo.load(lambda line: None)
    pirganj = Pourashava.objects.get(code="PIR")
    assert pirganj.district_en == "Rangpur"
    assert "Thakurgaon" in pirganj.description
    assert "UNCERTAIN" in pirganj.description
    assert "district" in pirganj.description
    for town in Pourashava.objects.all():
        assert "Demo or uncertain values:" in town.description
        assert "ward count" in town.description  # no ward count is checked against the Gazette


def test_a_ward_count_is_fixed_in_the_data_file_not_in_code(tmp_path, monkeypatch):
    data = demo.pilot_data()
    natore = next(p for p in data["pourashavas"] if p["code"] == "NAT")
    natore["ward_count"] = 12
    edited = tmp_path / "pilot.json"
    edited.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(demo, "DATA_FILE", edited)
    demo.load(lambda line: None)
    assert Ward.objects.filter(pourashava__code="NAT").count() == 12
    assert Ward.objects.filter(pourashava__code="GOP").count() == 9


def test_a_renamed_demo_pourashava_is_restored_not_duplicated():
    demo.load(lambda line: None)
    Pourashava.objects.filter(code="NAT").update(name_en="Something else", is_active=False)
    demo.load(lambda line: None)
    natore = Pourashava.objects.get(code="NAT")
    assert (natore.name_en, natore.is_active) == ("Natore Pourashava", True)
    assert Pourashava.objects.count() == 10


# The command -------------------------------------------------------------------------------


def app(name: str) -> SimpleNamespace:
    return SimpleNamespace(name=f"tests.backend.municipality.demo_apps.{name}", label=name)


def test_demo_modules_are_found_in_installed_apps_order_and_apps_without_one_are_skipped():
    loaders = demo_loaders([app("gamma"), app("beta"), app("alpha")])
    assert [name.rsplit(".", 1)[1] for name, _ in loaders] == ["gamma", "alpha"]


def test_a_demo_module_that_fails_to_import_is_an_error_not_a_skip():
    with pytest.raises(ModuleNotFoundError):
        demo_loaders([app("broken")])


def test_the_command_loads_the_municipality_app_first_and_is_idempotent():
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    first = table_state()
    text = out.getvalue()
    assert text.index("backend.municipality.demo") < text.index("municipality: 10 pourashavas")
    assert "Demo data loaded from" in text.splitlines()[-1]
    if "backend.identity.demo" in text:
        assert text.index("backend.municipality.demo") < text.index("backend.identity.demo")

    again = StringIO()
    call_command("load_demo_data", stdout=again)
    assert table_state() == first
    assert "Demo data loaded from" in again.getvalue()


def test_the_command_can_load_one_app():
    out = StringIO()
    call_command("load_demo_data", "--app", "municipality", stdout=out)
    assert Pourashava.objects.count() == 10
    assert "from 1 app(s)" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("load_demo_data", "--app", "nonsense", stdout=StringIO())
