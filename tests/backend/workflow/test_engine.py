from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from backend.common.errors import AppError, Conflict, Forbidden
from backend.common.text import Text
from backend.identity.models import Role
from backend.workflow.definitions import (
    APPLICANT,
    State,
    Transition,
    WorkflowDefinition,
    register_workflow,
)
from backend.workflow.models import ActionLog, SlaOverride
from backend.workflow.selectors import queue_for
from backend.workflow.services import available_actions, start_application, take_action
from tests.factories import CitizenFactory, PourashavaFactory, WardFactory, staff_member

COUNCILLOR = Role.WARD_COUNCILLOR
OFFICER = Role.CERTIFICATE_OFFICER

PERMIT = register_workflow(
    WorkflowDefinition(
        kind="test_permit",
        title=Text(en="Test permit", bn="পরীক্ষা অনুমতি"),
        initial="submitted",
        returned_state="returned",
        rejected_state="rejected",
        states=(
            State("submitted", Text(en="Submitted", bn="জমা"), frozenset({COUNCILLOR}), 3),
            State("returned", Text(en="Returned", bn="ফেরত"), frozenset({APPLICANT})),
            State("recommended", Text(en="Recommended", bn="সুপারিশকৃত"), frozenset({OFFICER}), 2),
            State("approved", Text(en="Approved", bn="অনুমোদিত"), terminal=True),
            State("rejected", Text(en="Rejected", bn="নামঞ্জুর"), terminal=True),
        ),
        transitions=(
            Transition(
                "recommend",
                frozenset({"submitted"}),
                "recommended",
                frozenset({COUNCILLOR}),
                Text(en="Recommend", bn="সুপারিশ"),
            ),
            Transition(
                "approve",
                frozenset({"recommended"}),
                "approved",
                frozenset({OFFICER}),
                Text(en="Approve", bn="অনুমোদন"),
            ),
        ),
    )
)


@pytest.fixture
def town(db):
    pourashava = PourashavaFactory(code="NAT")
    ward1, ward2 = (
        WardFactory(pourashava=pourashava, number=1),
        WardFactory(pourashava=pourashava, number=2),
    )
    return {
        "pourashava": pourashava,
        "ward1": ward1,
        "ward2": ward2,
        "councillor1": staff_member(COUNCILLOR, pourashava, ward=ward1),
        "councillor2": staff_member(COUNCILLOR, pourashava, ward=ward2),
        "officer": staff_member(OFFICER, pourashava),
        "citizen": CitizenFactory(),
    }


def _apply(town, ward_key="ward1"):
    return start_application(
        kind="test_permit",
        series="TP",
        pourashava=town["pourashava"],
        ward=town[ward_key],
        applicant=town["citizen"],
        actor=town["citizen"].user,
    )


def test_application_moves_through_its_states_and_every_step_is_logged(town):
    application = _apply(town)
    take_action(application=application, action="recommend", actor=town["councillor1"])
    application = take_action(application=application, action="approve", actor=town["officer"])

    assert application.state == "approved"
    assert application.closed_at is not None and application.due_at is None
    steps = list(
        ActionLog.objects.filter(application=application).values_list(
            "action", "from_state", "to_state", "actor_role"
        )
    )
    assert steps == [
        ("submit", "", "submitted", APPLICANT),
        ("recommend", "submitted", "recommended", COUNCILLOR),
        ("approve", "recommended", "approved", OFFICER),
    ]


def test_councillor_of_another_ward_or_pourashava_cannot_act(town):
    application = _apply(town)
    elsewhere = staff_member(COUNCILLOR, WardFactory().pourashava, ward=WardFactory())
    for outsider in (town["councillor2"], elsewhere, town["officer"]):
        with pytest.raises(Forbidden):
            take_action(application=application, action="recommend", actor=outsider)
    application.refresh_from_db()
    assert application.state == "submitted"
    assert ActionLog.objects.filter(application=application).count() == 1


def test_an_action_not_offered_in_the_current_state_is_a_conflict(town):
    application = _apply(town)
    with pytest.raises(Conflict) as refused:
        take_action(application=application, action="approve", actor=town["officer"])
    assert refused.value.code == "workflow_action_not_available"


def test_send_back_needs_a_reason_and_only_the_applicant_resubmits(town):
    application = _apply(town)
    with pytest.raises(AppError) as refused:
        take_action(application=application, action="send_back", actor=town["councillor1"])
    assert refused.value.code == "comment_required"

    take_action(
        application=application,
        action="send_back",
        actor=town["councillor1"],
        comment="Attach the death certificate",
    )
    with pytest.raises(Forbidden):
        take_action(application=application, action="resubmit", actor=CitizenFactory().user)
    application = take_action(
        application=application, action="resubmit", actor=town["citizen"].user
    )
    assert application.state == "submitted"


def test_rejection_is_final(town):
    application = _apply(town)
    take_action(
        application=application,
        action="reject",
        actor=town["councillor1"],
        comment="Not a resident of this ward",
    )
    with pytest.raises(Conflict):
        take_action(application=application, action="recommend", actor=town["councillor1"])


def test_sla_deadline_follows_the_definition_unless_the_pourashava_overrides_it(town):
    before = timezone.now()
    application = _apply(town)
    assert before + timedelta(days=3) <= application.due_at <= timezone.now() + timedelta(days=3)

    SlaOverride.objects.create(
        pourashava=town["pourashava"], kind="test_permit", state="recommended", sla_days=7
    )
    application = take_action(
        application=application, action="recommend", actor=town["councillor1"]
    )
    assert application.due_at - application.state_entered_at == timedelta(days=7)


def test_queues_show_each_role_only_what_waits_on_it_where_it_serves(town):
    in_ward1, in_ward2 = _apply(town, "ward1"), _apply(town, "ward2")
    take_action(application=in_ward2, action="recommend", actor=town["councillor2"])

    assert list(queue_for(town["councillor1"])) == [in_ward1]
    assert list(queue_for(town["councillor2"])) == []
    assert [a.pk for a in queue_for(town["officer"])] == [in_ward2.pk]
    assert list(queue_for(staff_member(OFFICER, PourashavaFactory()))) == []


def test_late_queue_holds_only_applications_past_their_deadline(town):
    late, on_time = _apply(town), _apply(town)
    late.due_at = timezone.now() - timedelta(hours=1)
    late.save(update_fields=["due_at"])
    assert list(queue_for(town["councillor1"], late_only=True)) == [late]
    assert on_time in queue_for(town["councillor1"])


def test_numbers_run_without_gaps_per_pourashava(town):
    numbers = [_apply(town).number for _ in range(3)]
    fiscal = numbers[0].split("-")[2] + "-" + numbers[0].split("-")[3]
    assert numbers == [f"NAT-TP-{fiscal}-{n:06d}" for n in (1, 2, 3)]


def test_available_actions_are_what_the_user_may_do_now(town):
    application = _apply(town)
    mine = {t.action for t in available_actions(application=application, actor=town["councillor1"])}
    assert mine == {"recommend", "send_back", "reject"}
    assert available_actions(application=application, actor=town["officer"]) == []


def test_action_log_is_append_only(town):
    entry = ActionLog.objects.get(application=_apply(town))
    entry.comment = "rewritten"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def _refused(run) -> bool:
    try:
        with transaction.atomic():
            run()
    except DatabaseError as error:
        assert "append-only" in str(error)
        return True
    return False


def test_action_log_rewrite_by_queryset_or_raw_sql_is_refused_by_the_database(town):
    """save() refuses; a bulk update or raw SQL goes past save(), so the database refuses it."""
    entry = ActionLog.objects.get(application=_apply(town))
    rows = ActionLog.objects.filter(pk=entry.pk)
    assert _refused(lambda: rows.update(comment="rewritten", to_state="approved"))
    assert _refused(
        lambda: connection.cursor().execute(
            "UPDATE workflow_actionlog SET actor_role = 'mayor' WHERE id = %s", [entry.pk]
        )
    )
    entry.refresh_from_db()
    assert (entry.comment, entry.to_state) == ("", "submitted")
    # Appending is still allowed: the next step is logged.
    take_action(application=entry.application, action="recommend", actor=town["councillor1"])
    assert ActionLog.objects.filter(application=entry.application).count() == 2


@pytest.mark.postgres
def test_action_log_delete_by_queryset_or_raw_sql_is_refused_on_postgres(town):
    if connection.vendor != "postgresql":
        pytest.skip("the delete guard is a PostgreSQL trigger (set DATABASE_URL)")
    entry = ActionLog.objects.get(application=_apply(town))
    assert _refused(lambda: ActionLog.objects.filter(pk=entry.pk).delete())
    assert _refused(
        lambda: connection.cursor().execute(
            "DELETE FROM workflow_actionlog WHERE id = %s", [entry.pk]
        )
    )
    assert ActionLog.objects.filter(pk=entry.pk).exists()


def test_definitions_are_checked_when_declared():
    with pytest.raises(ValueError, match="terminal"):
        WorkflowDefinition(
            kind="broken",
            title=Text(en="b", bn="ব"),
            initial="a",
            returned_state="a",
            rejected_state="a",
            states=(State("a", Text(en="a", bn="ক")),),
            transitions=(),
        )


def test_staff_queue_and_my_applications_endpoints(town, api):
    mine, theirs = (
        _apply(town),
        start_application(
            kind="test_permit",
            series="TP",
            pourashava=town["pourashava"],
            ward=town["ward1"],
            applicant=CitizenFactory(),
            actor=town["officer"],
        ),
    )
    api.force_authenticate(town["citizen"].user)
    numbers = [row["number"] for row in api.get("/api/v1/me/applications/").json()["results"]]
    assert numbers == [mine.number]

    api.force_authenticate(town["councillor2"])
    assert api.get("/api/v1/staff/queue/").json()["results"] == []
    api.force_authenticate(town["councillor1"])
    rows = api.get("/api/v1/staff/queue/", HTTP_ACCEPT_LANGUAGE="bn").json()["results"]
    assert {row["number"] for row in rows} == {mine.number, theirs.number}
    assert rows[0]["state_label"] == "জমা" and rows[0]["waits_on"] == [COUNCILLOR]
