"""Document downloads from the pages: every link works, and hidden files answer 404."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from collegium.core.models import Visibility
from collegium.core.testing import make_obligation, make_session
from collegium.meetings.services import material_add


@pytest.fixture
def session(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_session(world, number=5)


def test_material_download_is_permission_checked(client, world, session):
    internal = material_add(actor=world.ru_sec, session=session, title="Позиция", visibility=Visibility.INTERNAL,
                            upload=SimpleUploadedFile("pos.pdf", b"%PDF-1.4 internal"))
    url = reverse("material_download", args=[internal.pk])
    client.force_login(world.ru_sec)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 internal"
    assert "attachment" in response["Content-Disposition"]
    client.force_login(world.by_sec)
    assert client.get(url).status_code == 404
    assert client.get(reverse("material_download", args=[10**6])).status_code == 404


def test_session_page_links_to_every_session_document(client, world, session):
    previous = make_obligation(world, issued_on=dt.date(2024, 11, 22)).clause.resolution.session
    session.previous = previous
    session.save(update_fields=["previous"])
    client.force_login(world.by_sec)
    page = client.get(reverse("session_detail", args=[session.pk])).content.decode()
    for kind, fmt in [("agenda", "pdf"), ("pack", "pdf"), ("interim", "pdf"), ("interim", "xlsx")]:
        url = f"/documents/session/{session.pk}/{kind}.{fmt}"
        assert url in page
        assert client.get(url).status_code == 200, url
