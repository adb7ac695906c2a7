"""A joint text changes only by agreement; approvals are per version; signed is final."""

import pytest

from collegium.audit.services import audit_verify
from collegium.control.models import Obligation
from collegium.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from collegium.core.testing import make_session, make_world
from collegium.resolutions import selectors, services
from collegium.resolutions.models import Approval, ChangeProposal, Clause, Resolution


@pytest.fixture
def draft(world):
    session = make_session(world)
    resolution = services.resolution_create(actor=world.ru_sec, session=session, title="Постановление",
                                            place="Москва", number="1")
    services.clause_add(actor=world.ru_sec, resolution=resolution, kind=Clause.Kind.TAKES_NOTE,
                        text="Принять к сведению информацию о выполнении Программы.")
    services.clause_add(actor=world.by_sec, resolution=resolution, kind=Clause.Kind.INSTRUCTS,
                        text="Поручить департаментам СНГ подготовить предложения.", deadline_days=90,
                        responsible_units=[world.units["ru_cis"], world.units["by_cis"]],
                        co_executor_units=[world.units["ru_info"]])
    resolution.refresh_from_db()
    return resolution


def _approve_all(world, resolution):
    resolution.refresh_from_db()
    services.resolution_approve(actor=world.ru_sec, resolution=resolution, text_version=resolution.text_version)
    services.resolution_approve(actor=world.by_sec, resolution=resolution, text_version=resolution.text_version)
    resolution.refresh_from_db()


def test_full_negotiation_to_signature_puts_instructions_on_control(world, draft):
    clause = draft.clauses.get(number=2)
    proposal = services.proposal_create(actor=world.ru_sec, resolution=draft, kind="modify", clause=clause,
                                        proposed_text="Поручить департаментам СНГ подготовить и согласовать предложения.")
    assert proposal.status == ChangeProposal.Status.DRAFT
    # A draft proposal is internal to its party.
    assert not selectors.proposals_visible(world.by_sec).filter(pk=proposal.pk).exists()
    services.proposal_submit(actor=world.ru_sec, proposal=proposal)
    assert selectors.proposals_visible(world.by_sec).filter(pk=proposal.pk).exists()
    with pytest.raises(PermissionDenied):
        services.proposal_accept(actor=world.ru_sec, proposal=proposal)  # not by its own party
    services.proposal_accept(actor=world.by_sec, proposal=proposal)
    clause.refresh_from_db()
    assert "и согласовать" in clause.text
    _approve_all(world, draft)
    assert draft.status == Resolution.Status.AGREED
    services.resolution_sign(actor=world.ru_head, resolution=draft)
    draft.refresh_from_db()
    assert draft.status == Resolution.Status.AGREED
    services.resolution_sign(actor=world.by_head, resolution=draft)
    draft.refresh_from_db()
    assert draft.status == Resolution.Status.SIGNED
    obligations = Obligation.objects.filter(clause=clause).order_by("party__order")
    assert [o.party.code for o in obligations] == ["RU", "BY"]
    ru = obligations[0]
    assert {e.unit.code for e in ru.executors.all()} == {"CIS", "INFO"}
    assert ru.executors.get(is_responsible=True).unit.code == "CIS"
    assert audit_verify().ok


def test_any_change_withdraws_approvals(world, draft):
    services.resolution_approve(actor=world.ru_sec, resolution=draft, text_version=draft.text_version)
    old_version = draft.text_version
    services.clause_update(actor=world.by_sec, clause=draft.clauses.get(number=1), text="Новая редакция.")
    draft.refresh_from_db()
    assert draft.text_version == old_version + 1
    assert not Approval.objects.filter(resolution=draft, withdrawn_at__isnull=True).exists()
    with pytest.raises(Conflict):
        services.resolution_approve(actor=world.by_sec, resolution=draft, text_version=old_version)


def test_pending_proposals_block_approval(world, draft):
    proposal = services.proposal_create(actor=world.by_sec, resolution=draft, kind="insert",
                                        proposed_text="Одобрить план консультаций.", insert_after=1)
    services.proposal_submit(actor=world.by_sec, proposal=proposal)
    with pytest.raises(InvalidTransition):
        services.resolution_approve(actor=world.ru_sec, resolution=draft, text_version=draft.text_version)
    services.proposal_accept(actor=world.ru_sec, proposal=proposal)
    assert list(draft.clauses.values_list("number", "text")) [1] == (2, "Одобрить план консультаций.")
    assert draft.clauses.count() == 3


PROPOSAL_ACTIONS = {
    "submit": lambda w, p: services.proposal_submit(actor=w.ru_sec, proposal=p),
    "withdraw": lambda w, p: services.proposal_withdraw(actor=w.ru_sec, proposal=p),
    "accept": lambda w, p: services.proposal_accept(actor=w.by_sec, proposal=p),
    "reject": lambda w, p: services.proposal_reject(actor=w.by_sec, proposal=p, reason="Не согласны"),
}
ALLOWED = {"draft": {"submit", "withdraw"}, "proposed": {"withdraw", "accept", "reject"},
           "accepted": set(), "rejected": set(), "withdrawn": set()}
PATH = {"draft": [], "proposed": ["submit"], "accepted": ["submit", "accept"], "rejected": ["submit", "reject"],
        "withdrawn": ["withdraw"]}


@pytest.mark.parametrize("action", sorted(PROPOSAL_ACTIONS))
@pytest.mark.parametrize("state", sorted(ALLOWED))
def test_proposal_transitions(world, draft, state, action):
    proposal = services.proposal_create(actor=world.ru_sec, resolution=draft, kind="delete",
                                        clause=draft.clauses.get(number=1))
    for step in PATH[state]:
        PROPOSAL_ACTIONS[step](world, proposal)
        proposal.refresh_from_db()
    assert proposal.status == state
    if action in ALLOWED[state]:
        PROPOSAL_ACTIONS[action](world, proposal)
    else:
        with pytest.raises((InvalidTransition, PermissionDenied)):
            PROPOSAL_ACTIONS[action](world, proposal)


def test_signing_needs_agreement_and_a_head(world, draft):
    with pytest.raises(InvalidTransition):
        services.resolution_sign(actor=world.ru_head, resolution=draft)
    _approve_all(world, draft)
    with pytest.raises(PermissionDenied):
        services.resolution_sign(actor=world.ru_sec, resolution=draft)
    services.resolution_sign(actor=world.ru_head, resolution=draft)
    with pytest.raises(InvalidTransition):
        services.resolution_sign(actor=world.ru_head, resolution=draft)


def test_a_signed_text_is_immutable(world, draft):
    _approve_all(world, draft)
    services.resolution_sign(actor=world.ru_head, resolution=draft)
    services.resolution_sign(actor=world.by_head, resolution=draft)
    draft.refresh_from_db()
    clause = draft.clauses.get(number=1)
    for attempt in (
        lambda: services.clause_update(actor=world.ru_sec, clause=clause, text="x"),
        lambda: services.clause_add(actor=world.ru_sec, resolution=draft, text="x"),
        lambda: services.clause_delete(actor=world.ru_sec, clause=clause),
        lambda: services.proposal_create(actor=world.ru_sec, resolution=draft, kind="delete", clause=clause),
        lambda: services.resolution_approve(actor=world.ru_sec, resolution=draft, text_version=draft.text_version),
    ):
        with pytest.raises(InvalidTransition):
            attempt()


def test_stale_clause_edit_is_a_conflict(world, draft):
    clause = draft.clauses.get(number=1)
    version = clause.lock_version
    services.clause_update(actor=world.ru_sec, clause=clause, text="Первая правка.", expected_version=version)
    stale = Clause.objects.get(pk=clause.pk)
    with pytest.raises(Conflict):
        services.clause_update(actor=world.by_sec, clause=stale, text="Вторая правка.", expected_version=version)
    clause.refresh_from_db()
    assert clause.text == "Первая правка."


def test_validation_messages_are_per_field(world, draft):
    with pytest.raises(ValidationFailed) as err:
        services.clause_add(actor=world.ru_sec, resolution=draft, text=" ", kind="nonsense")
    assert set(err.value.field_errors) == {"text", "kind"}
    with pytest.raises(ValidationFailed) as err:
        services.proposal_create(actor=world.ru_sec, resolution=draft, kind="modify", clause=None)
    assert {"clause", "proposed_text"} <= set(err.value.field_errors)


def test_three_parties_all_must_approve_and_sign(db):
    world = make_world(third_party=True)
    kz = world.__dict__["kz"]
    session = make_session(world, parties=[world.ru, world.by, kz])
    resolution = services.resolution_create(actor=world.ru_sec, session=session, title="Постановление", place="Минск")
    services.clause_add(actor=world.ru_sec, resolution=resolution, text="Поручить.", kind="instructs",
                        responsible_units=[world.units["kz_cis"]])
    resolution.refresh_from_db()
    for who in ("ru_sec", "by_sec"):
        services.resolution_approve(actor=world.people[who], resolution=resolution,
                                    text_version=resolution.text_version)
    resolution.refresh_from_db()
    assert resolution.status == Resolution.Status.DRAFT
    services.resolution_approve(actor=world.people["kz_sec"], resolution=resolution,
                                text_version=resolution.text_version)
    for who in ("ru_head", "by_head", "kz_head"):
        services.resolution_sign(actor=world.people[who], resolution=resolution)
    resolution.refresh_from_db()
    assert resolution.status == Resolution.Status.SIGNED
    assert Obligation.objects.get().party == kz
