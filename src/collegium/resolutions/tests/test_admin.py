"""A party's draft change proposals are invisible to the other party in the back office."""

from __future__ import annotations

from django.urls import reverse

from collegium.core.demo import grant_back_office
from collegium.core.testing import make_session
from collegium.resolutions import services
from collegium.resolutions.models import ChangeProposal, Clause


def test_draft_proposal_hidden_from_the_other_party(client, world):
    grant_back_office(world.ru_sec)
    grant_back_office(world.by_sec)
    resolution = services.resolution_create(actor=world.ru_sec, session=make_session(world), title="Постановление",
                                            place="Москва")
    clause = services.clause_add(actor=world.ru_sec, resolution=resolution, text="Принять к сведению",
                                 kind=Clause.Kind.TAKES_NOTE)
    draft = services.proposal_create(actor=world.ru_sec, resolution=resolution, kind=ChangeProposal.Kind.MODIFY,
                                     clause=clause, proposed_text="Принять к сведению информацию")
    client.force_login(world.by_sec)
    assert client.get(reverse("admin:resolutions_changeproposal_changelist")).context["cl"].result_count == 0
    assert client.get(reverse("admin:resolutions_changeproposal_change", args=[draft.pk])).status_code == 404
    client.force_login(world.ru_sec)
    assert client.get(reverse("admin:resolutions_changeproposal_change", args=[draft.pk])).status_code == 200
    client.post(reverse("admin:resolutions_changeproposal_changelist"),
                {"action": "submit", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == ChangeProposal.Status.PROPOSED
    client.force_login(world.by_sec)
    assert client.get(reverse("admin:resolutions_changeproposal_change", args=[draft.pk])).status_code == 200
