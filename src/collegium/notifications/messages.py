"""The wording of every notice, in Russian and English side by side.

Notices are rendered by the worker, outside any request, in the recipient's language; keeping the
two languages of each message next to each other makes a missing translation visible in review
and testable without compiled catalogues. Values are filled with str.format.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "reminder": {
        "ru": ("Срок исполнения через {days} дн.: {title}",
               "До срока исполнения поручения «{title}» осталось дней: {days}.\nСрок: {deadline}."),
        "en": ("Due in {days} days: {title}",
               "The obligation “{title}” is due in {days} days.\nDeadline: {deadline}."),
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
               "Поручение «{title}» просрочено на {days} дн. (срок {deadline}). "
               "Ответственное подразделение: {unit}."),
        "en": ("Overdue in {unit}: {title}",
               "The obligation “{title}” is {days} days overdue (deadline {deadline}). "
               "Responsible unit: {unit}."),
    },
    "escalation_secretariat": {
        "ru": ("Длительная просрочка: {title}",
               "Поручение «{title}» просрочено на {days} дн. (срок {deadline}). "
               "Ответственное подразделение: {unit}."),
        "en": ("Long overdue: {title}",
               "The obligation “{title}” is {days} days overdue (deadline {deadline}). "
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
        "ru": ("Предложение {party} ждёт вашего ответа: {resolution}",
               "{party} предлагает изменение к проекту «{resolution}» ({where}). Примите или отклоните его."),
        "en": ("A proposal of {party} awaits your answer: {resolution}",
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


def render_message(kind: str, language: str, context: dict[str, object]) -> tuple[str, str]:
    """Subject and body of a notice in one language."""
    subject, body = MESSAGES[kind][language_of(language)]
    return subject.format(**context)[:255], body.format(**context)
