"""The numbers in notices read as people say them, in both languages."""

import pytest

from collegium.notifications.messages import days_text, due_in_text, render_message


@pytest.mark.parametrize(("days", "expected"), [
    (1, "1 день"), (2, "2 дня"), (4, "4 дня"), (5, "5 дней"), (11, "11 дней"), (12, "12 дней"),
    (14, "14 дней"), (21, "21 день"), (22, "22 дня"), (25, "25 дней"), (101, "101 день"), (111, "111 дней"),
])
def test_russian_plural_of_days(days: int, expected: str) -> None:
    assert days_text("ru", days) == expected


def test_english_plural_of_days() -> None:
    assert [days_text("en", n) for n in (1, 2, 21)] == ["1 day", "2 days", "21 days"]


def test_reminder_says_tomorrow_for_one_day_and_counts_otherwise() -> None:
    assert due_in_text("ru", 1) == "завтра"
    assert due_in_text("en", 1) == "tomorrow"
    subject, body = render_message("reminder", "ru", {"days": 3, "title": "п. 5", "deadline": "01.12.2026"})
    assert subject == "Срок исполнения через 3 дня: п. 5"
    assert "истекает через 3 дня" in body
    subject, _ = render_message("reminder", "en", {"days": 7, "title": "cl. 5", "deadline": "2026-12-01"})
    assert subject == "Due in 7 days: cl. 5"


def test_escalation_counts_overdue_days_in_words() -> None:
    _, body = render_message("escalation_head", "ru", {
        "days": 22, "title": "п. 2", "deadline": "01.11.2026", "unit": "ДСНГ"})
    assert "просрочено на 22 дня" in body
