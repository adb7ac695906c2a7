"""Materials in the back office: internal ones of another party, or above clearance, stay hidden."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from collegium.core.demo import grant_back_office
from collegium.core.models import Clearance, Visibility
from collegium.core.testing import make_session
from collegium.meetings import services


@pytest.fixture
def material(world, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    grant_back_office(world.ru_sec)
    grant_back_office(world.by_sec)
    session = make_session(world)
    return services.material_add(actor=world.ru_sec, session=session, title="Тезисы министра",
                                 visibility=Visibility.INTERNAL, clearance=Clearance.OFFICIAL,
                                 upload=ContentFile(b"text", name="tezisy.txt"))


def test_internal_material_hidden_from_the_other_party(client, world, material):
    client.force_login(world.by_sec)
    listing = client.get(reverse("admin:meetings_material_changelist"))
    assert listing.context["cl"].result_count == 0
    assert client.get(reverse("admin:meetings_material_change", args=[material.pk])).status_code == 404
    session_page = client.get(reverse("admin:meetings_session_change", args=[material.session_id]))
    assert session_page.status_code == 200
    assert "Тезисы министра" not in session_page.content.decode()


def test_own_party_sees_it_and_publishes_through_the_service(client, world, material):
    client.force_login(world.ru_sec)
    assert client.get(reverse("admin:meetings_material_change", args=[material.pk])).status_code == 200
    client.post(reverse("admin:meetings_material_changelist"),
                {"action": "publish", "_selected_action": [material.pk]})
    material.refresh_from_db()
    assert material.visibility == Visibility.JOINT
