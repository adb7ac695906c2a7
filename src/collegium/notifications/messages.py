"""The wording of every notice, in Russian and English side by side.

Notices are rendered by the worker, outside any request, in the recipient's language; keeping the
two languages of each message next to each other makes a missing translation visible in review
and testable without compiled catalogues. Values are filled with str.format.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "reminder": {
        "ru": ("Срок исполнения {due_in}: {title}",
               "Срок исполнения поручения «{title}» истекает {due_in}.\nСрок: {deadline}."),
        "en": ("Due {due_in}: {title}",
               "The obligation “{title}” is due {due_in}.\nDeadline: {deadline}."),
    },
    "due_today": {
        "ru": ("Срок исполнения сегодня: {title}",
               "Сегодня истекает срок исполнения поручения «{title}» ({deadline})."),
        "en": ("Due today: {title}",
               "The obligation “{title}” is due today ({deadline})."),
    },
    "overdue": {
        "ru": ("Просрочено: {title}",
               "Срок исполнения поручения «{title}» истёк {deadline}; поручение остаётся на контроле."),
        "en": ("Overdue: {title}",
               "The obligation “{title}” was due on {deadline} and is still on control."),
    },
    "escalation_head": {
        "ru": ("Просрочено подразделением {unit}: {title}",
               "Поручение «{title}» просрочено на {days_text} (срок {deadline}). "
               "Ответственное подразделение: {unit}."),
        "en": ("Overdue in {unit}: {title}",
               "The obligation “{title}” is {days_text} overdue (deadline {deadline}). "
               "Responsible unit: {unit}."),
    },
    "escalation_secretariat": {
        "ru": ("Длительная просрочка: {title}",
               "Поручение «{title}» просрочено на {days_text} (срок {deadline}). "
               "Ответственное подразделение: {unit}."),
        "en": ("Long overdue: {title}",
               "The obligation “{title}” is {days_text} overdue (deadline {deadline}). "
               "Responsible unit: {unit}."),
    },
    "report_returned": {
        "ru": ("Отчёт возвращён: {title}",
               "Секретариат вернул отчёт по поручению «{title}».\nПричина: {reason}"),
        "en": ("Report returned: {title}",
               "The secretariat returned the report on “{title}”.\nReason: {reason}"),
    },
    "extension_granted": {
        "ru": ("Срок продлён: {title}",
               "Просьба о продлении срока поручения «{title}» удовлетворена. Новый срок: {deadline}."),
        "en": ("Extension granted: {title}",
               "The extension of “{title}” was granted. New deadline: {deadline}."),
    },
    "extension_rejected": {
        "ru": ("В продлении срока отказано: {title}",
               "В продлении срока поручения «{title}» отказано. Срок остаётся: {deadline}.\nПричина: {reason}"),
        "en": ("Extension rejected: {title}",
               "The extension of “{title}” was rejected. The deadline stays {deadline}.\nReason: {reason}"),
    },
    "proposal_submitted": {
        "ru": ("Предложение {party} ({where}) ждёт вашего ответа: {resolution}",
               "{party} предлагает изменение к проекту «{resolution}» ({where}). Примите или отклоните его."),
        "en": ("A proposal of {party} ({where}) awaits your answer: {resolution}",
               "{party} proposes a change to the draft “{resolution}” ({where}). Accept or reject it."),
    },
    "approvals_withdrawn": {
        "ru": ("Одобрения отозваны: {resolution}",
               "Текст «{resolution}» изменён (версия {version}); одобрения сторон ({parties}) отозваны "
               "и должны быть даны заново."),
        "en": ("Approvals withdrawn: {resolution}",
               "The text “{resolution}” changed (version {version}); the approvals of {parties} were "
               "withdrawn and must be given again."),
    },
    "material_published": {
        "ru": ("Опубликованы материалы заседания №{session}: {title}",
               "К заседанию №{session} ({date}) опубликован материал «{title}»."),
        "en": ("Session №{session} materials published: {title}",
               "The material “{title}” was published for session №{session} ({date})."),
    },
    "media_digest": {
        "ru": ("Обзор СМИ за {period}: сюжетов {stories}",
               "Обзор публикаций за {period}: сюжетов {stories}, из них связаны с планом: {linked}."),
        "en": ("Media digest for {period}: {stories} stories",
               "Media digest for {period}: {stories} stories, {linked} of them linked to the plan."),
    },
    "digest": {
        "ru": ("Сводка уведомлений за {date}: {count}", "Уведомлений: {count}."),
        "en": ("Digest for {date}: {count} notices", "Notices: {count}."),
    },
}

WORDS = {
    "ru": {"greeting": "Здравствуйте, {name}!", "open": "Открыть", "footer":
           "Это письмо отправлено системой Collegium. Настроить уведомления можно в профиле."},
    "en": {"greeting": "Dear {name},", "open": "Open", "footer":
           "This message was sent by Collegium. You can change your notifications in your profile."},
}


def language_of(code: str | None) -> str:
    return code if code in ("ru", "en") else "ru"


def days_text(language: str, days: int) -> str:
    """«1 день», «3 дня», «5 дней» / "1 day", "3 days": the plural rules of each language."""
    if language_of(language) == "en":
        return f"{days} day" if days == 1 else f"{days} days"
    last_two, last = abs(days) % 100, abs(days) % 10
    if last == 1 and last_two != 11:
        word = "день"
    elif 2 <= last <= 4 and not 12 <= last_two <= 14:
        word = "дня"
    else:
        word = "дней"
    return f"{days} {word}"


def due_in_text(language: str, days: int) -> str:
    """When a deadline comes, as a reader says it: «завтра», «через 3 дня» / "tomorrow", "in 3 days"."""
    english = language_of(language) == "en"
    if days == 1:
        return "tomorrow" if english else "завтра"
    return f"in {days_text(language, days)}" if english else f"через {days_text(language, days)}"


def render_message(kind: str, language: str, context: dict[str, object]) -> tuple[str, str]:
    """Subject and body of a notice in one language."""
    subject, body = MESSAGES[kind][language_of(language)]
    days = context.get("days")
    if isinstance(days, int):
        context = {**context, "days_text": days_text(language, days), "due_in": due_in_text(language, days)}
    return subject.format(**context)[:255], body.format(**context)
