"""The one tenancy rule (backend.municipality.scoping): who sees which pourashava's rows."""

import pytest
from django.contrib.auth.models import AnonymousUser

from backend.identity.models import Role, RoleAssignment, User
from backend.municipality.models import Mahalla, Pourashava, Ward
from backend.municipality.scoping import restrict, scope_of
from tests.factories import (
    MahallaFactory,
    PourashavaFactory,
    UdcCentreFactory,
    UserFactory,
    WardFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns():
    """Three pourashavas, each with two wards and a mahalla in each ward."""
    made = {}
    for code in ("AAA", "BBB", "CCC"):
        pourashava = PourashavaFactory(code=code)
        wards = [WardFactory(pourashava=pourashava, number=n) for n in (1, 2)]
        for ward in wards:
            MahallaFactory(ward=ward)
        made[code] = (pourashava, wards)
    return made


def fresh(user: User) -> User:
    """A new instance: role assignments are cached on the user object for one request."""
    return User.objects.get(pk=user.pk)


def ward_codes(user: User) -> set[tuple[str, int]]:
    wards = restrict(Ward.objects.all(), fresh(user), ward_field="pk")
    return {(w.pourashava.code, w.number) for w in wards.select_related("pourashava")}


def mahalla_towns(user: User) -> set[str]:
    rows = restrict(Mahalla.objects.all(), fresh(user), ward_field="ward")
    return set(rows.values_list("pourashava__code", flat=True))


ALL_WARDS = {(c, n) for c in ("AAA", "BBB", "CCC") for n in (1, 2)}


@pytest.mark.parametrize("role", [Role.NATIONAL_VIEWER, Role.SYSTEM_ADMIN])
def test_a_national_role_sees_every_pourashava(towns, role):
    user = staff_member(role, None)
    assert ward_codes(user) == ALL_WARDS
    assert scope_of(fresh(user)).covers(towns["BBB"][0].pk)


def test_a_superuser_sees_every_pourashava(towns):
    user = UserFactory(is_staff=True, is_superuser=True)
    assert ward_codes(user) == ALL_WARDS


def test_a_clerk_sees_only_their_pourashava(towns):
    clerk = staff_member(Role.REVENUE_CLERK, towns["AAA"][0])
    assert ward_codes(clerk) == {("AAA", 1), ("AAA", 2)}
    assert mahalla_towns(clerk) == {"AAA"}
    scope = scope_of(fresh(clerk))
    assert scope.covers(towns["AAA"][0].pk)
    assert not scope.covers(towns["BBB"][0].pk)


def test_a_clerk_of_two_pourashavas_sees_both(towns):
    clerk = staff_member(Role.REVENUE_CLERK, towns["AAA"][0])
    RoleAssignment.objects.create(user=clerk, role=Role.CASHIER, pourashava=towns["CCC"][0])
    assert ward_codes(clerk) == {("AAA", 1), ("AAA", 2), ("CCC", 1), ("CCC", 2)}


def test_a_councillor_sees_only_their_ward(towns):
    town, wards = towns["AAA"]
    councillor = staff_member(Role.WARD_COUNCILLOR, town, ward=wards[1])
    assert ward_codes(councillor) == {("AAA", 2)}
    assert {
        m.ward_id for m in restrict(Mahalla.objects.all(), fresh(councillor), ward_field="ward")
    } == {wards[1].pk}
    scope = scope_of(fresh(councillor))
    assert scope.covers(town.pk, wards[1].pk)
    assert not scope.covers(town.pk, wards[0].pk)


def test_a_councillor_sees_no_rows_that_are_not_bound_to_a_ward(towns):
    town, wards = towns["AAA"]
    councillor = staff_member(Role.WARD_COUNCILLOR, town, ward=wards[0])
    # Without a ward field the row belongs to the whole pourashava: not the councillor's business.
    assert not restrict(Pourashava.objects.all(), fresh(councillor), pourashava_field="pk").exists()
    assert not scope_of(fresh(councillor)).covers(town.pk)


def test_a_councillor_who_also_holds_a_pourashava_role_sees_the_whole_pourashava(towns):
    town, wards = towns["AAA"]
    user = staff_member(Role.WARD_COUNCILLOR, town, ward=wards[0])
    RoleAssignment.objects.create(user=user, role=Role.CERTIFICATE_OFFICER, pourashava=town)
    assert ward_codes(user) == {("AAA", 1), ("AAA", 2)}


def test_a_councillor_saved_without_a_ward_sees_nothing(towns):
    # The model's clean() forbids this; scoping must still fail closed if such a row exists.
    town, _ = towns["AAA"]
    user = staff_member(Role.WARD_COUNCILLOR, town)
    assert ward_codes(user) == set()
    assert mahalla_towns(user) == set()


def test_a_udc_operator_sees_the_pourashavas_their_centre_serves(towns):
    centre = UdcCentreFactory(pourashavas=[towns["AAA"][0], towns["CCC"][0]])
    operator = staff_member(Role.UDC_OPERATOR, None, udc_centre=centre)
    assert ward_codes(operator) == {("AAA", 1), ("AAA", 2), ("CCC", 1), ("CCC", 2)}
    assert mahalla_towns(operator) == {"AAA", "CCC"}


def test_an_operator_of_a_closed_centre_sees_nothing(towns):
    centre = UdcCentreFactory(pourashavas=[towns["AAA"][0]], is_active=False)
    operator = staff_member(Role.UDC_OPERATOR, None, udc_centre=centre)
    assert ward_codes(operator) == set()


def test_a_user_with_no_role_sees_nothing(towns):
    user = UserFactory(is_staff=True)
    assert ward_codes(user) == set()
    assert scope_of(fresh(user)).is_empty


def test_an_anonymous_user_sees_nothing(towns):
    assert not restrict(Ward.objects.all(), AnonymousUser(), ward_field="pk").exists()


def test_inactive_assignments_count_for_nothing(towns):
    clerk = staff_member(Role.REVENUE_CLERK, towns["AAA"][0])
    RoleAssignment.objects.filter(user=clerk).update(is_active=False)
    assert ward_codes(clerk) == set()
    national = staff_member(Role.NATIONAL_VIEWER, None)
    RoleAssignment.objects.filter(user=national).update(is_active=False)
    assert ward_codes(national) == set()


def test_an_inactive_user_sees_nothing(towns):
    clerk = staff_member(Role.REVENUE_CLERK, towns["AAA"][0])
    User.objects.filter(pk=clerk.pk).update(is_active=False)
    assert ward_codes(clerk) == set()


def test_roles_limit_which_assignments_count(towns):
    user = staff_member(Role.REVENUE_CLERK, towns["AAA"][0])
    RoleAssignment.objects.create(user=user, role=Role.SECRETARY, pourashava=towns["BBB"][0])
    as_secretary = restrict(
        Ward.objects.all(), fresh(user), ward_field="pk", roles=[Role.SECRETARY]
    )
    assert set(as_secretary.values_list("pourashava__code", flat=True)) == {"BBB"}
    assert not restrict(
        Ward.objects.all(), fresh(user), ward_field="pk", roles=[Role.MAYOR]
    ).exists()
