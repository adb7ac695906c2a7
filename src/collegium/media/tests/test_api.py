"""POST /api/media/articles: press and secretariat push articles; duplicates answer 200."""

from __future__ import annotations

from collegium.media.models import Article


def _post(client, person, **body):  # type: ignore[no-untyped-def]
    client.force_login(person)
    payload = {"title": "Консультации по консульским вопросам",
               "body": "МИНСК, 10 марта. /БЕЛТА/. В Минске прошли консультации по консульским вопросам.",
               "published": "2026-03-10", "source": "БЕЛТА", **body}
    return client.post("/api/media/articles", payload, content_type="application/json")


def test_press_pushes_an_article_once(client, world):  # type: ignore[no-untyped-def]
    first = _post(client, world.by_press)
    assert first.status_code == 201, first.content
    assert first.json()["created"] is True and first.json()["events"] >= 1
    again = _post(client, world.by_press)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Article.objects.count() == 1
    listed = client.get("/api/media/articles", {"q": "консультациях"})
    assert listed.status_code == 200 and listed.json()["items"][0]["source"] == "БЕЛТА"


def test_executor_cannot_push(client, world):  # type: ignore[no-untyped-def]
    assert _post(client, world.ru_exec).status_code == 403
    assert _post(client, world.ru_sec, body="Другой текст о консультациях.").status_code == 201


def test_validation(client, world):  # type: ignore[no-untyped-def]
    assert _post(client, world.ru_press, body="").status_code == 422
