"""Identity demo data: the logins the README promises exist, and loading twice changes nothing."""

import pytest

from backend.identity import demo
from backend.identity.models import Citizen, Role, RoleAssignment, UdcCentre, User
from backend.municipality import demo as municipality_demo

pytestmark = pytest.mark.django_db


def _state() -> dict:
    return {
        "users": sorted(User.objects.values_list("username", "password", "is_staff")),
        "roles": sorted(
            RoleAssignment.objects.values_list(
                "user__username", "role", "pourashava__code", "ward__number", "udc_centre__code"
            ),
            key=str,
        ),
        "centres": sorted(UdcCentre.objects.values_list("code", "pourashavas__code")),
        "citizens": sorted(Citizen.objects.values_list("mobile", "nid", "name_bn")),
    }


def test_demo_loads_once_and_twice_the_same():
    municipality_demo.load(lambda line: None)
    lines: list[str] = []
    demo.load(lines.append)
    first = _state()
    demo.load(lambda line: None)
    assert _state() == first

    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(demo.DEMO_PASSWORD)
    nat_secretary = User.objects.get(username="nat.secretary")
    assert nat_secretary.check_password(demo.DEMO_PASSWORD)
    assert nat_secretary.roles.get().pourashava.code == "NAT"
    councillor = RoleAssignment.objects.get(user__username="nat.councillor2")
    assert (councillor.role, councillor.ward.number) == (Role.WARD_COUNCILLOR, 2)
    assert User.objects.filter(username="tar.cashier").exists()
    operator = RoleAssignment.objects.get(user__username="udc.natore")
    served = set(operator.udc_centre.pourashavas.values_list("code", flat=True))
    assert operator.role == Role.UDC_OPERATOR and served == {"NAT", "SIN"}
    assert "demo" in operator.udc_centre.description.lower()
    # Every pilot pourashava has its secretary and every pourashava-wide role.
    for code in demo.PILOT_CODES:
        roles = set(
            RoleAssignment.objects.filter(pourashava__code=code).values_list("role", flat=True)
        )
        assert set(demo.POURASHAVA_WIDE_ROLES) | {Role.WARD_COUNCILLOR} <= roles, code
    citizen = Citizen.objects.get(mobile="01711000001")
    assert citizen.name_bn and citizen.date_of_birth and len(citizen.nid) == 17
    assert not citizen.user.has_usable_password()  # citizens log in by OTP
    # The logins table and the shared password are printed.
    printed = "\n".join(lines)
    assert demo.DEMO_PASSWORD in printed and "nat.councillor1" in printed


def test_demo_without_pourashavas_says_so_and_still_loads_the_rest():
    lines: list[str] = []
    demo.load(lines.append)
    assert any("NAT is missing" in line for line in lines)
    assert User.objects.filter(username="admin", is_superuser=True).exists()
