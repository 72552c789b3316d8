"""factory_boy factories shared by every test package. Add a factory here when a second test
package needs it; keep app-only factories beside that app's tests."""

import factory

from backend.identity.models import Citizen, Role, RoleAssignment, UdcCentre, User
from backend.municipality.models import Mahalla, Pourashava, Ward

TEST_PASSWORD = "a-long-test-passphrase"


class PourashavaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pourashava
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"P{n:03d}")
    name_en = factory.LazyAttribute(lambda o: f"Pourashava {o.code}")
    name_bn = factory.LazyAttribute(lambda o: f"পৌরসভা {o.code}")
    pourashava_class = "A"
    district_en = "Natore"
    district_bn = "নাটোর"
    upazila_en = "Natore Sadar"
    upazila_bn = "নাটোর সদর"


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward

    pourashava = factory.SubFactory(PourashavaFactory)
    number = factory.Sequence(lambda n: n + 1)
    name_en = factory.LazyAttribute(lambda o: f"Ward {o.number}")
    name_bn = factory.LazyAttribute(lambda o: f"ওয়ার্ড {o.number}")


class MahallaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mahalla

    ward = factory.SubFactory(WardFactory)
    pourashava = factory.LazyAttribute(lambda o: o.ward.pourashava)
    name_en = factory.Sequence(lambda n: f"Mahalla {n}")
    name_bn = factory.Sequence(lambda n: f"মহল্লা {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name")
    password = factory.django.Password(TEST_PASSWORD)


def _mobile(n: int) -> str:
    return f"0171{n:07d}"


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citizen

    mobile = factory.Sequence(_mobile)
    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..mobile"))
    name_en = factory.Faker("name")
    name_bn = "নাগরিক"


class UdcCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UdcCentre
        skip_postgeneration_save = True  # the hook only sets a many-to-many

    code = factory.Sequence(lambda n: f"UDC{n:04d}")
    name_en = factory.LazyAttribute(lambda o: f"Digital centre {o.code}")
    name_bn = "ডিজিটাল সেন্টার"

    @factory.post_generation
    def pourashavas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.pourashavas.set(extracted)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory, is_staff=True)
    role = Role.REVENUE_CLERK
    pourashava = factory.SubFactory(PourashavaFactory)


def staff_member(role: str, pourashava: Pourashava | None = None, **kwargs) -> User:
    """A staff user holding one role (in `pourashava`, or the given ward / centre)."""
    assignment = RoleAssignmentFactory(role=role, pourashava=pourashava, **kwargs)
    return assignment.user
