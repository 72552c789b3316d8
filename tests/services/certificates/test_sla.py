"""SLA colours at their boundaries (time is passed in as `now`, never mocked), the late filter,
pourashava SLA overrides, and with whom an application waits."""

from datetime import UTC, datetime, timedelta

import pytest

from backend.workflow.models import Application, SlaOverride
from backend.workflow.services import take_action
from services.certificates.models import CertificateApplication
from services.certificates.sla import Colour, late_condition, sla_of, with_whom
from services.certificates.workflow import (
    ISSUED,
    KIND,
    PAYMENT_DUE,
    RECOMMEND,
    RETURNED,
    WITH_COUNCILLOR,
    WITH_OFFICER,
)
from tests.factories import WardFactory
from tests.services.certificates.admin_helpers import application_in, make_town

T0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)


def detail_at(
    state: str,
    *,
    entered: datetime = T0,
    due_at: datetime | None = None,
    paid_at: datetime | None = T0,
    due_by: datetime | None = None,
) -> CertificateApplication:
    """An unsaved application with the given clocks: colours need no database."""
    application = Application(
        kind=KIND, state=state, state_entered_at=entered, submitted_at=entered, due_at=due_at
    )
    return CertificateApplication(application=application, paid_at=paid_at, due_by=due_by)


def colour(detail: CertificateApplication, now: datetime) -> Colour:
    return sla_of(detail, now=now).colour


def test_state_clock_turns_amber_under_a_day_and_red_only_after_the_deadline():
    due = T0 + 2 * DAY  # the councillor's two days
    detail = detail_at(WITH_COUNCILLOR, due_at=due, due_by=T0 + 30 * DAY)
    assert colour(detail, T0) == Colour.GREEN
    assert colour(detail, due - DAY) == Colour.GREEN  # exactly one day left: not yet amber
    assert colour(detail, due - DAY + SECOND) == Colour.AMBER
    assert colour(detail, due) == Colour.AMBER  # the deadline itself is not past
    assert colour(detail, due + SECOND) == Colour.RED


def test_long_promise_turns_amber_in_its_last_quarter():
    # Fifteen days promised from payment, no state clock: amber from 3 days 18 hours left.
    due_by = T0 + 15 * DAY
    detail = detail_at(WITH_OFFICER, due_at=None, due_by=due_by)
    quarter = (due_by - T0) / 4
    assert colour(detail, due_by - quarter - SECOND) == Colour.GREEN
    assert colour(detail, due_by - quarter) == Colour.AMBER
    assert colour(detail, due_by + SECOND) == Colour.RED


def test_the_worse_clock_wins():
    on_time_state = T0 + 10 * DAY
    detail = detail_at(WITH_OFFICER, due_at=on_time_state, due_by=T0 + 3 * DAY)
    assert colour(detail, T0 + 3 * DAY + SECOND) == Colour.RED  # the promise is broken
    detail = detail_at(WITH_OFFICER, due_at=T0 + DAY, due_by=T0 + 30 * DAY)
    assert colour(detail, T0 + 2 * DAY) == Colour.RED  # the state's own SLA is broken


@pytest.mark.parametrize("state", [PAYMENT_DUE, RETURNED, ISSUED])
def test_grey_while_waiting_on_the_applicant_or_closed(state):
    detail = detail_at(state, due_at=T0 + DAY, due_by=T0 + DAY)
    assert colour(detail, T0 + 5 * DAY) == Colour.GREY


def test_thresholds_come_from_settings(settings):
    due_by = T0 + 8 * DAY
    detail = detail_at(WITH_OFFICER, due_by=due_by)
    assert colour(detail, due_by - 3 * DAY) == Colour.GREEN
    settings.CERTIFICATE_SLA_AMBER_FRACTION = 0.5
    assert colour(detail, due_by - 3 * DAY) == Colour.AMBER
    settings.CERTIFICATE_SLA_AMBER_FRACTION = 0
    settings.CERTIFICATE_SLA_AMBER_MIN_HOURS = 0
    assert colour(detail, due_by - SECOND) == Colour.GREEN


@pytest.mark.django_db
def test_late_filter_matches_the_red_colour():
    town = make_town("SLA")
    now = datetime.now(UTC)
    late_state = application_in(town, town.ward1, WITH_OFFICER, due_at=now - SECOND)
    late_promise = application_in(
        town, town.ward1, WITH_COUNCILLOR, due_at=now + DAY, due_by=now - DAY
    )
    on_time = application_in(town, town.ward1, WITH_OFFICER, due_at=now + 2 * DAY)
    waiting_on_citizen = application_in(town, town.ward1, RETURNED, due_by=now - DAY)
    late = set(CertificateApplication.objects.filter(late_condition(now)))
    assert late == {late_state, late_promise}
    for detail in (late_state, late_promise, on_time, waiting_on_citizen):
        detail.refresh_from_db()
        assert (sla_of(detail, now=now).colour == Colour.RED) == (detail in late)


@pytest.mark.django_db
def test_a_pourashava_override_of_the_state_sla_changes_the_colour():
    town = make_town("OVR")
    SlaOverride.objects.create(
        pourashava=town.pourashava, kind=KIND, state=WITH_OFFICER, sla_days=5
    )
    detail = application_in(town, town.ward1, WITH_COUNCILLOR)
    take_action(application=detail.application, action=RECOMMEND, actor=town.councillor1)
    detail = CertificateApplication.objects.select_related("application").get(pk=detail.pk)
    entered = detail.application.state_entered_at
    assert detail.application.due_at == entered + 5 * DAY  # not the engine's default one day
    assert sla_of(detail, now=entered + 3 * DAY).colour == Colour.GREEN
    assert sla_of(detail, now=entered + 5 * DAY + SECOND).colour == Colour.RED


@pytest.mark.django_db
def test_with_whom_names_the_councillor_of_the_applications_own_ward():
    town = make_town("WHO")
    with_councillor = application_in(town, town.ward2, WITH_COUNCILLOR)
    found = with_whom(with_councillor)
    assert found.roles == ("ward_councillor",)
    assert found.people == ("Rokeya Khatun WHO",)  # ward 2's councillor, not ward 1's
    assert found.describe("en") == "Ward councillor (Rokeya Khatun WHO)"

    with_officer = application_in(town, town.ward2, WITH_OFFICER)
    found = with_whom(with_officer)
    assert found.roles == ("certificate_officer",) and found.people == ()
    assert found.describe("bn") == "সনদ কর্মকর্তা"

    # A ward without a councillor is said so: the queue must not look as if someone has it.
    vacant_ward = WardFactory(pourashava=town.pourashava, number=9)
    orphan = application_in(town, vacant_ward, WITH_COUNCILLOR)
    found = with_whom(orphan)
    assert found.vacant and found.describe("en") == "Ward councillor (no councillor assigned)"
