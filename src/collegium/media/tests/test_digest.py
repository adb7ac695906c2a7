"""Daily and weekly digests: one entry per story, what concerns the reader's party first; page and PDF."""

from __future__ import annotations

import datetime as dt

from collegium.media import services
from collegium.media.digest import digest_build, digest_render
from collegium.media.models import Source
from collegium.media.tests.conftest import CONSULTATIONS_TEXT, make_round


def test_weekly_digest_groups_stories_and_renders_pdf(client, world):  # type: ignore[no-untyped-def]
    make_round(world)
    source = services.source_ensure(actor=None, kind=Source.Kind.API, url="api:БЕЛТА", name="БЕЛТА")
    services.article_ingest(actor=None, source=source, title="Консультации по информационной политике",
                            body=CONSULTATIONS_TEXT, published=dt.date(2026, 3, 10))
    services.article_ingest(actor=None, source=source, title="Старая новость", body="Текст старой новости.",
                            published=dt.date(2026, 2, 1))
    data = digest_build(world.by_press, "weekly", today=dt.date(2026, 3, 12))
    assert data["counts"]["stories"] == 1 and data["counts"]["linked"] == 1
    story = data["stories"][0]
    assert story["concerns_party"] and story["links"][0]["target"].startswith("Раунд консультаций")
    assert digest_build(world.by_press, "daily", today=dt.date(2026, 3, 12))["counts"]["stories"] == 0
    html = digest_render(data, "html")
    assert "Консультации по информационной политике" in html
    pdf = digest_render(data, "pdf")
    assert pdf.startswith(b"%PDF")

    client.force_login(world.ru_press)
    page = client.get("/media/digest/", {"period": "weekly", "date": "2026-03-12"})
    assert page.status_code == 200 and "Консультации по информационной политике" in page.content.decode()
    download = client.get("/media/digest/", {"period": "weekly", "date": "2026-03-12", "format": "pdf"})
    assert download["Content-Type"] == "application/pdf" and download.content.startswith(b"%PDF")
