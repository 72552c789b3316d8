"""Role rules: where a role is bound, who may grant what, and who may act for a citizen where."""

import pytest
from django.core.exceptions import ValidationError

from backend.identity.models import Role, RoleAssignment
from backend.identity.roles import assist_capacity, grantable_roles, is_system_admin
from tests.backend.identity.factories import (  # noqa: F401 (fast_passwords: a fixture)
    PourashavaFactory,
    UdcCentreFactory,
    UserFactory,
    WardFactory,
    fast_passwords,
    member,
    udc_operator,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


@pytest.fixture
def natore():
    return PourashavaFactory(code="NAT")


@pytest.fixture
def faridpur():
    return PourashavaFactory(code="FRD")


def _clean(**fields):
    RoleAssignment(user=UserFactory(), **fields).clean()


def test_assignment_binding_rules(natore, faridpur):
    ward = WardFactory(pourashava=natore, number=1)
    centre = UdcCentreFactory(pourashavas=[natore])
    _clean(role=Role.CASHIER, pourashava=natore)
    _clean(role=Role.WARD_COUNCILLOR, pourashava=natore, ward=ward)
    _clean(role=Role.UDC_OPERATOR, udc_centre=centre)
    _clean(role=Role.NATIONAL_VIEWER)
    refused = [
        {"role": Role.CASHIER},  # pourashava role without a pourashava
        {"role": Role.WARD_COUNCILLOR, "pourashava": natore},  # councillor without a ward
        {"role": Role.WARD_COUNCILLOR, "pourashava": faridpur, "ward": ward},  # foreign ward
        {"role": Role.UDC_OPERATOR, "pourashava": natore},  # operator bound to a pourashava
        {"role": Role.NATIONAL_VIEWER, "pourashava": natore},  # national role bound
    ]
    for fields in refused:
        with pytest.raises(ValidationError):
            _clean(**fields)


def test_grantable_roles(natore, faridpur):
    secretary = member(Role.SECRETARY, natore)
    mayor = member(Role.MAYOR, natore)
    assert Role.CASHIER in grantable_roles(secretary, natore.pk)
    assert Role.WARD_COUNCILLOR in grantable_roles(secretary, natore.pk)
    assert not {Role.SECRETARY, Role.MAYOR} & grantable_roles(secretary, natore.pk)
    assert Role.SECRETARY in grantable_roles(mayor, natore.pk)
    assert Role.MAYOR not in grantable_roles(mayor, natore.pk)
    # Nothing elsewhere, nothing national, nothing for the ordinary staff.
    assert grantable_roles(secretary, faridpur.pk) == frozenset()
    assert grantable_roles(mayor, None) == frozenset()
    assert grantable_roles(member(Role.CASHIER, natore), natore.pk) == frozenset()
    # A withdrawn role grants nothing.
    secretary.roles.update(is_active=False)
    assert grantable_roles(type(secretary).objects.get(pk=secretary.pk), natore.pk) == frozenset()


def test_system_admin_grants_anything_anywhere(natore):
    admin = member(Role.SYSTEM_ADMIN, None)
    assert is_system_admin(admin)
    assert grantable_roles(admin, None) == frozenset(Role)
    assert Role.MAYOR in grantable_roles(admin, natore.pk)
    assert not is_system_admin(member(Role.SECRETARY, natore))


def test_assist_capacity(natore, faridpur):
    operator, centre = udc_operator(natore)
    assert assist_capacity(operator, natore.pk).udc_centre == centre
    assert assist_capacity(operator, faridpur.pk) is None
    assert assist_capacity(operator, natore.pk, udc_centre_id=centre.pk + 1000) is None

    cashier = member(Role.CASHIER, natore)
    assert assist_capacity(cashier, natore.pk).udc_centre is None
    assert assist_capacity(cashier, faridpur.pk) is None
    # Only counter roles assist at the pourashava itself.
    assert assist_capacity(member(Role.ASSESSOR, natore), natore.pk) is None
    assert assist_capacity(member(Role.NATIONAL_VIEWER, None), natore.pk) is None


def test_closed_centre_assists_nobody(natore):
    operator, centre = udc_operator(natore)
    centre.is_active = False
    centre.save()
    fresh = type(operator).objects.get(pk=operator.pk)
    assert assist_capacity(fresh, natore.pk) is None
