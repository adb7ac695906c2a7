"""The demo world: the Russian and Belarusian foreign ministries, the Programme 2024–2026, the
Brest session of 22 November 2024 (held, resolution signed, instructions in every state of
control), the Moscow session of 25 November 2025 (agenda from the TASS article, draft resolution
under negotiation) and the consultation plans for 2025 and 2026.

Everything is written through the services, with the acting people, so the audit chain verifies.
Historical moments (a report submitted in April 2025, an extension granted in September) are set by
updating the domain timestamps right after the service call; the audit log keeps the real loading
time, because an audit trail must never claim a time it was not written at.

Officials other than the two ministers are invented. Deadlines of a few obligations are relative to
the day the demo is loaded (due on the next working day, in a week, in a month) so that reminders
have something to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from collegium.audit.services import audit_record
from collegium.consultations import services as rounds_svc
from collegium.consultations.models import ConsultationPlan, Round
from collegium.control import services as control
from collegium.control.models import DeadlineChange, ExtensionRequest, Obligation, ObligationEvent, Report
from collegium.core import calendars
from collegium.core.models import Clearance, Visibility
from collegium.meetings import services as meetings
from collegium.meetings.models import Attendance, Session
from collegium.parties.models import Party, Person, Unit
from collegium.programme import services as programme_svc
from collegium.programme.models import Programme
from collegium.resolutions import services as res_svc
from collegium.resolutions.models import ChangeProposal, Clause, Periodicity

DEMO_PASSWORD = "collegium-demo"  # noqa: S105 - a published demo password, by design
STAFF_GROUP = "Секретариат: админка"

# --- directory -------------------------------------------------------------------------------------

# code, name, parent code, head (last, first, middle), head position
RU_UNITS = [
    ("SM", "Секретариат Министра", None, ("Гордеев", "Илья", "Константинович"), "руководитель Секретариата Министра"),
    ("DSNG1", "Первый департамент стран СНГ", None, ("Тарасов", "Олег", "Викторович"), "директор Первого департамента стран СНГ"),
    ("DSNG2", "Второй департамент стран СНГ", None, ("Воронцов", "Алексей", "Михайлович"), "директор Второго департамента стран СНГ"),
    ("DSNG2-SG", "Отдел Союзного государства", "DSNG2", ("Латышева", "Марина", "Андреевна"), "начальник отдела Союзного государства"),
    ("DIP", "Департамент информации и печати", None, ("Фомина", "Екатерина", "Павловна"), "директор Департамента информации и печати"),
    ("DVP", "Департамент внешнеполитического планирования", None, ("Широков", "Николай", "Евгеньевич"), "директор Департамента внешнеполитического планирования"),
    ("KD", "Консульский департамент", None, ("Зуев", "Геннадий", "Борисович"), "директор Консульского департамента"),
    ("PD", "Правовой департамент", None, ("Ладыгин", "Максим", "Романович"), "директор Правового департамента"),
    ("DVBR", "Департамент по вопросам безопасности и разоружения", None, ("Крылов", "Владимир", "Анатольевич"), "директор Департамента по вопросам безопасности и разоружения"),
    ("DMO", "Департамент международных организаций", None, ("Савельева", "Ирина", "Олеговна"), "директор Департамента международных организаций"),
    ("IDD", "Историко-документальный департамент", None, ("Поляков", "Артём", "Игоревич"), "директор Историко-документального департамента"),
    ("DOES", "Департамент общеевропейского сотрудничества", None, ("Назаров", "Денис", "Валерьевич"), "директор Департамента общеевропейского сотрудничества"),
    ("DEP", "Департамент европейских проблем", None, ("Кудрявцев", "Станислав", "Юрьевич"), "директор Департамента европейских проблем"),
    ("DGP", "Департамент по гуманитарному сотрудничеству и правам человека", None, ("Орлова", "Татьяна", "Владимировна"), "директор Департамента по гуманитарному сотрудничеству и правам человека"),
    ("DNV", "Департамент по вопросам новых вызовов и угроз", None, ("Баранов", "Кирилл", "Сергеевич"), "директор Департамента по вопросам новых вызовов и угроз"),
    ("DSA", "Департамент Северной Америки", None, ("Ефимов", "Роман", "Аркадьевич"), "директор Департамента Северной Америки"),
    ("DBV", "Департамент Ближнего Востока и Северной Африки", None, ("Гусейнов", "Тимур", "Рашидович"), "директор Департамента Ближнего Востока и Северной Африки"),
    ("DLA", "Департамент Латинской Америки", None, ("Медведева", "Алина", "Сергеевна"), "директор Департамента Латинской Америки"),
    ("DA", "Департамент Африки", None, ("Степанов", "Юрий", "Николаевич"), "директор Департамента Африки"),
    ("DATS", "Департамент азиатско-тихоокеанского сотрудничества", None, ("Ким", "Вадим", "Робертович"), "директор Департамента азиатско-тихоокеанского сотрудничества"),
    ("DES", "Департамент экономического сотрудничества", None, ("Лебедев", "Фёдор", "Ильич"), "директор Департамента экономического сотрудничества"),
]
BY_UNITS = [
    ("SM", "Секретариат Министра", None, ("Жук", "Оксана", "Викторовна"), "начальник Секретариата Министра"),
    ("GUSNG", "Главное управление СНГ и Союзного государства", None, ("Кравченко", "Дмитрий", "Петрович"), "начальник Главного управления СНГ и Союзного государства"),
    ("GUSNG-SG", "Управление Союзного государства", "GUSNG", ("Савицкая", "Ирина", "Михайловна"), "начальник управления Союзного государства"),
    ("UICD", "Управление информации и цифровой дипломатии", None, ("Гурин", "Артур", "Леонидович"), "начальник Управления информации и цифровой дипломатии"),
    ("UVAP", "Управление внешнеполитического анализа и планирования", None, ("Новик", "Павел", "Александрович"), "начальник Управления внешнеполитического анализа и планирования"),
    ("GKU", "Главное консульское управление", None, ("Василевич", "Андрей", "Станиславович"), "начальник Главного консульского управления"),
    ("GDPU", "Главное договорно-правовое управление", None, ("Лещенко", "Наталья", "Ивановна"), "начальник Главного договорно-правового управления"),
    ("GUMD", "Главное управление многосторонней дипломатии", None, ("Бондарь", "Вячеслав", "Игоревич"), "начальник Главного управления многосторонней дипломатии"),
    ("UMB", "Управление международной безопасности и контроля над вооружениями", None, ("Ярошевич", "Глеб", "Олегович"), "начальник Управления международной безопасности и контроля над вооружениями"),
    ("GUE", "Главное управление Европы", None, ("Климович", "Светлана", "Юрьевна"), "начальник Главного управления Европы"),
    ("GUAA", "Главное управление Азии, Африки и Ближнего Востока", None, ("Адамович", "Руслан", "Викторович"), "начальник Главного управления Азии, Африки и Ближнего Востока"),
    ("UAM", "Управление Америки", None, ("Шевчук", "Виталий", "Николаевич"), "начальник Управления Америки"),
    ("UGS", "Управление гуманитарного сотрудничества и прав человека", None, ("Станкевич", "Людмила", "Петровна"), "начальник Управления гуманитарного сотрудничества и прав человека"),
    ("OIA", "Отдел истории дипломатии и архивной работы", None, ("Мацкевич", "Олег", "Геннадьевич"), "начальник Отдела истории дипломатии и архивной работы"),
    ("GUVED", "Главное управление внешнеэкономической деятельности", None, ("Пашкевич", "Игорь", "Васильевич"), "начальник Главного управления внешнеэкономической деятельности"),
]

# login, party, unit code (None: no unit), (last, first, middle), position, roles, clearance
LOGINS = [
    ("ru-secretariat", "RU", "SM", ("Соколова", "Анна", "Игоревна"), "советник Секретариата Министра",
     {"is_secretariat": True}, Clearance.OFFICIAL),
    ("ru-executor", "RU", "DSNG2", ("Миронов", "Павел", "Андреевич"), "заместитель директора Второго департамента стран СНГ",
     {"is_executor": True}, Clearance.OFFICIAL),
    ("ru-head", "RU", None, ("Лавров", "Сергей", "Викторович"), "Министр иностранных дел Российской Федерации",
     {"is_head": True}, Clearance.CONFIDENTIAL),
    ("ru-press", "RU", "DIP", ("Белова", "Ольга", "Николаевна"), "начальник отдела Департамента информации и печати",
     {"is_press": True}, Clearance.OPEN),
    ("ru-observer", "RU", None, ("Ершов", "Виктор", "Львович"), "представитель Постоянного Комитета Союзного государства",
     {"is_observer": True}, Clearance.OPEN),
    ("by-secretariat", "BY", "SM", ("Карпович", "Елена", "Сергеевна"), "первый секретарь Секретариата Министра",
     {"is_secretariat": True}, Clearance.OFFICIAL),
    ("by-executor", "BY", "GUSNG", ("Мельник", "Алексей", "Викторович"),
     "заместитель начальника Главного управления СНГ и Союзного государства", {"is_executor": True}, Clearance.OFFICIAL),
    ("by-head", "BY", None, ("Рыженков", "Максим", "Владимирович"), "Министр иностранных дел Республики Беларусь",
     {"is_head": True}, Clearance.CONFIDENTIAL),
    ("by-press", "BY", "UICD", ("Сидорович", "Наталья", "Александровна"),
     "консультант Управления информации и цифровой дипломатии", {"is_press": True}, Clearance.OPEN),
]

DEPUTIES = {
    "RU": [("ru-deputy-cis", ("Березин", "Андрей", "Павлович"), "заместитель Министра иностранных дел Российской Федерации"),
           ("ru-deputy-multi", ("Колесников", "Дмитрий", "Сергеевич"), "заместитель Министра иностранных дел Российской Федерации")],
    "BY": [("by-deputy-cis", ("Жданович", "Сергей", "Петрович"), "заместитель Министра иностранных дел Республики Беларусь"),
           ("by-deputy-multi", ("Ковальчук", "Андрей", "Иванович"), "заместитель Министра иностранных дел Республики Беларусь")],
}

STAFF_MODELS = [
    ("parties", ["party", "unit", "person"]),
    ("programme", ["programme", "section", "action"]),
    ("meetings", ["session", "agendaitem", "rapporteur", "material", "attendance", "minutes"]),
    ("resolutions", ["resolution", "clause", "clauseaddressee", "changeproposal", "approval", "signature"]),
    ("consultations", ["consultationplan", "round", "delegation"]),
    ("control", ["obligation", "executor", "deadlinechange", "report", "extensionrequest", "obligationevent"]),
    ("audit", ["auditevent"]),
]


@dataclass
class DemoResult:
    created: bool
    logins: list[dict[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def is_loaded() -> bool:
    """The marker: both demo parties exist. A second run then changes nothing."""
    return Party.objects.filter(code__in=["RU", "BY"]).count() == 2


def load_demo(*, today: dt.date | None = None, password: str = DEMO_PASSWORD, news: bool = True) -> DemoResult:
    """The demo world; `news=False` leaves the news archive empty (the link evaluation ingests the
    same texts itself and must not find them all as duplicates)."""
    if is_loaded():
        return DemoResult(created=False, logins=login_table(), counts=demo_counts())
    today = today or timezone.localdate()
    with transaction.atomic():
        builder = _Builder(today=today, password=password)
        builder.run()
    if news:
        load_demo_news()
    return DemoResult(created=True, logins=login_table(), counts=demo_counts())


def load_demo_news() -> int:
    """The press service's archive: the project's own news texts (the NLP gold set, written for
    Collegium about this mechanism), ingested as a feed would be, so that the media pages open with
    articles, clusters and link suggestions to confirm or reject. Returns the number of articles."""
    from collegium.media import services as media
    from collegium.media.evaluation import split_title
    from collegium.media.models import Source
    from collegium_nlp.eval import load_gold

    source = media.source_ensure(actor=None, kind=Source.Kind.FILE, url="demo:news",
                                 name="Архив новостей (демонстрационные тексты)")
    from collegium_nlp.dateline import find_dateline

    today = timezone.localdate()
    items = []
    for text in load_gold():
        published = dt.date.fromisoformat(text["date"])
        if published > today:
            continue  # the archive holds what has been published by now
        dateline = find_dateline(text["text"])
        # A wire story's headline is its first sentence after «МОСКВА, 25 ноября. /ТАСС/.».
        title, _ = split_title(text["text"][dateline.end:] if dateline else text["text"])
        items.append(media.ArticleInput(source=source, title=title, body=text["text"], published=published,
                                        url=f"demo:{text['id']}"))
    return len(media.articles_ingest(actor=None, items=items))


def login_table() -> list[dict[str, str]]:
    usernames = [login for login, *_rest in LOGINS] + ["admin"]
    people = {p.username: p for p in Person.objects.filter(username__in=usernames).select_related("party", "unit")}
    rows = []
    for username in usernames:
        person = people.get(username)
        if person is None:
            continue
        rows.append({
            "login": username,
            "party": person.party.code if person.party else "—",
            "role": ", ".join(person.roles) + (" (admin site)" if person.is_staff else ""),
            "name": person.short_name,
            "unit": person.unit.name if person.unit else "—",
        })
    return rows


def demo_counts() -> dict[str, int]:
    from collegium.audit.models import AuditEvent
    from collegium.media.models import Article, Link

    today = timezone.localdate()
    active = Obligation.objects.filter(status=Obligation.Status.ACTIVE)
    programme = Programme.objects.first() if Programme.objects.exists() else None
    return {
        "parties": Party.objects.count(),
        "units": Unit.objects.count(),
        "people": Person.objects.count(),
        "programme_sections": programme.sections.count() if programme is not None else 0,
        "sessions": Session.objects.count(),
        "rounds_2025": Round.objects.filter(plan__year=2025).count(),
        "rounds_2026": Round.objects.filter(plan__year=2026).count(),
        "obligations": Obligation.objects.count(),
        "obligations_completed": Obligation.objects.filter(status=Obligation.Status.COMPLETED).count(),
        "obligations_completed_late": Obligation.objects.filter(status=Obligation.Status.COMPLETED,
                                                                completed_in_time=False).count(),
        "obligations_active": active.count(),
        "obligations_overdue": active.filter(deadline__lt=today).count(),
        "obligations_removed": Obligation.objects.exclude(
            status__in=[Obligation.Status.ACTIVE, Obligation.Status.COMPLETED]).count(),
        "reports": Report.objects.count(),
        "extension_requests": ExtensionRequest.objects.count(),
        "news_articles": Article.objects.count(),
        "news_link_suggestions": Link.objects.filter(status=Link.Status.SUGGESTED).count(),
        "audit_events": AuditEvent.objects.count(),
    }


def grant_back_office(person: Person) -> Group:
    """The secretariat's back office: view and change domain records (changes of state go through
    admin actions that call the services); adding and deleting are closed in the admin itself."""
    group, created = Group.objects.get_or_create(name=STAFF_GROUP)
    if created:
        wanted = [f"{verb}_{model}" for _app, models in STAFF_MODELS for model in models for verb in ("view", "change")]
        group.permissions.set(Permission.objects.filter(
            codename__in=wanted, content_type__app_label__in=[app for app, _models in STAFF_MODELS]))
    person.groups.add(group)
    if not person.is_staff:
        Person.objects.filter(pk=person.pk).update(is_staff=True)
        person.is_staff = True
    return group


def _at(day: dt.date, hour: int = 11) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _pdf(title: str) -> bytes:
    """A one-page PDF that says what it is (ASCII only: the base-14 fonts have no Cyrillic)."""
    text = title.replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 60 780 Td (Collegium demo material) Tj 0 -24 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# --- the data --------------------------------------------------------------------------------------

# Programme sections: title, actions (text, RU units, BY units, deadline: date | "permanent", label)
P = "permanent"
# (section title, [(action text, RU units, BY units, deadline: a date, P or "soonN", deadline label)])
PROGRAMME: list[tuple[str, list[tuple[str, list[str], list[str], dt.date | str, str]]]] = [
    ("Дипломатическое сопровождение интеграционных процессов в рамках Союзного государства", [
        ("Обеспечивать дипломатическое сопровождение реализации союзных программ и Основных направлений "
         "реализации положений Договора о создании Союзного государства", ["DSNG2-SG", "DES"], ["GUSNG-SG", "GUVED"], P, "постоянно"),
        ("Подготовить совместные предложения к проекту Программы согласованных действий на 2027–2029 годы",
         ["DSNG2", "DVP"], ["GUSNG", "UVAP"], "soon7", "до 2026 г."),
        ("Проводить консультации по вопросам взаимного представительства интересов в третьих странах",
         ["DSNG2", "KD"], ["GUSNG", "GKU"], dt.date(2025, 6, 30), "I полугодие 2025 г."),
    ]),
    ("Взаимодействие в рамках СНГ", [
        ("Координировать позиции при подготовке заседаний Совета министров иностранных дел СНГ",
         ["DSNG1"], ["GUSNG"], P, "постоянно"),
        ("Совместно продвигать инициативы в рамках председательства в СНГ", ["DSNG1", "DSNG2"], ["GUSNG"],
         dt.date(2024, 12, 31), "2024 г."),
    ]),
    ("Взаимодействие в рамках ОДКБ", [
        ("Согласовывать подходы к совершенствованию механизмов внешнеполитической координации ОДКБ",
         ["DVBR", "DSNG1"], ["UMB"], P, "постоянно"),
        ("Подготовить совместные предложения к плану консультаций ОДКБ по внешнеполитическим вопросам",
         ["DVBR"], ["UMB"], dt.date(2025, 3, 31), "I квартал 2025 г."),
    ]),
    ("Согласованные позиции в ООН и её специализированных учреждениях", [
        ("Оказывать взаимную поддержку кандидатурам в выборные органы системы ООН", ["DMO"], ["GUMD"], P, "постоянно"),
        ("Вырабатывать совместные проекты резолюций Генеральной Ассамблеи ООН", ["DMO"], ["GUMD"],
         dt.date(2025, 9, 1), "к 80-й сессии ГА ООН"),
        ("Подготовить совместную позицию к 80-летию Организации Объединённых Наций", ["DMO", "DVP"], ["GUMD"],
         dt.date(2025, 10, 24), "октябрь 2025 г."),
    ]),
    ("Региональная и европейская безопасность; ОБСЕ", [
        ("Координировать действия в ОБСЕ, включая подготовку к СМИД ОБСЕ", ["DOES"], ["GUE"], P, "постоянно"),
        ("Продвигать концепцию евразийской архитектуры безопасности и Евразийской хартии многообразия "
         "и многополярности в XXI веке", ["DVP", "DOES"], ["UVAP", "GUE"], "soon30", "IV квартал 2026 г."),
    ]),
    ("Отношения с ЕС, НАТО и Советом Европы", [
        ("Проводить совместный мониторинг военно-политической деятельности НАТО у границ Союзного государства",
         ["DEP", "DVBR"], ["GUE", "UMB"], P, "постоянно"),
        ("Подготовить совместный анализ последствий выхода из конвенций Совета Европы", ["DOES", "PD"],
         ["GUE", "GDPU"], dt.date(2024, 10, 31), "IV квартал 2024 г."),
    ]),
    ("Контроль над вооружениями и нераспространение", [
        ("Согласовывать подходы к работе Конференции по разоружению и Первого комитета ГА ООН", ["DVBR"],
         ["UMB"], P, "постоянно"),
        ("Провести совместный анализ ситуации вокруг ДНЯО в преддверии Обзорной конференции 2026 г.", ["DVBR"],
         ["UMB"], dt.date(2026, 3, 31), "I квартал 2026 г."),
    ]),
    ("Противодействие новым вызовам и угрозам", [
        ("Координировать действия по противодействию терроризму, экстремизму, незаконной миграции, "
         "торговле людьми и незаконному обороту наркотиков", ["DNV"], ["UMB"], P, "постоянно"),
        ("Подготовить совместные предложения в сфере международной информационной безопасности", ["DNV", "DMO"],
         ["UMB", "GUMD"], dt.date(2025, 12, 31), "2025 г."),
    ]),
    ("Противодействие политизации экономических и правозащитных структур", [
        ("Совместно противодействовать страновым резолюциям и мандатам в Совете ООН по правам человека",
         ["DGP"], ["UGS"], P, "постоянно"),
        ("Подготовить совместный доклад о нарушениях прав человека в западных странах", ["DGP"], ["UGS"],
         dt.date(2025, 4, 30), "апрель 2025 г."),
    ]),
    ("Взаимодействие в ШОС, БРИКС и с АСЕАН; сотрудничество с дружественными государствами", [
        ("Координировать позиции в рамках ШОС и БРИКС, в том числе с учётом членства Беларуси в ШОС",
         ["DATS", "DMO"], ["GUAA", "GUMD"], P, "постоянно"),
        ("Проработать совместные мероприятия со странами Глобального Юга и Востока", ["DA", "DLA"], ["GUAA", "UAM"],
         dt.date(2026, 12, 31), "2026 г."),
    ]),
    ("Противодействие санкционной и юридической агрессии", [
        ("Обмениваться информацией об односторонних ограничительных мерах и судебных исках против "
         "государств — участников Союзного государства", ["PD", "DES"], ["GDPU", "GUVED"], P, "постоянно"),
        ("Подготовить совместные предложения по защите государственной собственности за рубежом", ["PD"],
         ["GDPU"], dt.date(2025, 6, 30), "I полугодие 2025 г."),
    ]),
    ("Информационное сопровождение внешней политики", [
        ("Готовить совместные информационные материалы и пресс-релизы по итогам мероприятий",
         ["DIP"], ["UICD"], P, "постоянно"),
        ("Создать механизм оперативного обмена информацией для противодействия дезинформации", ["DIP"],
         ["UICD"], dt.date(2025, 3, 31), "I квартал 2025 г."),
    ]),
    ("Консульское взаимодействие", [
        ("Оказывать консульское содействие гражданам Союзного государства в третьих странах, где не "
         "представлена одна из сторон", ["KD"], ["GKU"], P, "постоянно"),
        ("Согласовать порядок взаимного признания консульских документов", ["KD", "PD"], ["GKU", "GDPU"],
         dt.date(2025, 9, 30), "III квартал 2025 г."),
    ]),
    ("Сбережение исторической памяти и продвижение традиционных ценностей", [
        ("Проводить совместные мероприятия, посвящённые 80-летию Победы в Великой Отечественной войне",
         ["IDD", "DIP"], ["OIA", "UICD"], dt.date(2025, 5, 9), "к 9 мая 2025 г."),
        ("Противодействовать фальсификации истории, в том числе путём совместных публикаций архивных документов",
         ["IDD"], ["OIA"], P, "постоянно"),
        ("Продвигать традиционные духовно-нравственные ценности на международных площадках", ["DGP"], ["UGS"],
         dt.date(2026, 6, 30), "I полугодие 2026 г."),
    ]),
    ("Внешнеполитическое планирование", [
        ("Проводить консультации по внешнеполитическому планированию и обмен прогнозными оценками",
         ["DVP"], ["UVAP"], P, "постоянно"),
        ("Подготовить совместную оценку глобальных тенденций на 2025–2030 годы", ["DVP"], ["UVAP"],
         dt.date(2025, 11, 30), "2025 г."),
    ]),
    ("Гуманитарное, научное, образовательное, культурное и молодёжное сотрудничество", [
        ("Содействовать проведению Форума регионов России и Беларуси и молодёжных мероприятий",
         ["DGP", "DSNG2"], ["UGS", "GUSNG"], dt.date(2025, 6, 30), "2025 г."),
        ("Организовать совместную стажировку молодых дипломатов", ["SM", "DGP"], ["SM", "UGS"],
         dt.date(2026, 9, 30), "III квартал 2026 г."),
    ]),
]

# Outcome patterns for dated obligations, cycled per party so that every state appears.
DATED_PATTERNS = ["done", "late", "done", "overdue", "done_internal", "late", "interim"]
# For permanent obligations: how many yearly periods were reported and accepted.
PERMANENT_PATTERNS = [2, 2, 2, 1]

# The plan of consultations: topic, level, RU unit, BY unit, (month | quarter), venue
D, H, M = Round.Level.DEPUTY_MINISTERS, Round.Level.HEADS_OF_DEPARTMENTS, Round.Level.MIXED
TOPICS = [
    ("Вопросы ООН и выборы в органы системы ООН", D, "DMO", "GUMD", "Q1", "Москва"),
    ("ОБСЕ", H, "DOES", "GUE", "Q1", "ВКС"),
    ("Европейский союз", H, "DEP", "GUE", "Q2", "Минск"),
    ("Совет Европы и конвенционные механизмы", H, "DOES", "GUE", "Q2", "ВКС"),
    ("НАТО и военно-политическая обстановка в Европе", H, "DVBR", "UMB", "Q3", "Москва"),
    ("Консульские вопросы", H, "KD", "GKU", "M4", "Минск"),
    ("Информационная политика", H, "DIP", "UICD", "M9", "Москва"),
    ("Внешнеполитическое планирование", H, "DVP", "UVAP", "Q4", "Минск"),
    ("Ближний Восток и Северная Африка", H, "DBV", "GUAA", "Q2", "ВКС"),
    ("США и Канада", H, "DSA", "UAM", "Q3", "Москва"),
    ("Права человека", H, "DGP", "UGS", "M3", "на полях сессии Совета ООН по правам человека, Женева"),
    ("СНГ", D, "DSNG1", "GUSNG", "Q2", "Москва"),
    ("ОДКБ", D, "DVBR", "UMB", "Q1", "Минск"),
    ("Контроль над вооружениями и нераспространение", H, "DVBR", "UMB", "M10", "на полях Первого комитета ГА ООН, Нью-Йорк"),
    ("Азиатско-Тихоокеанский регион", H, "DATS", "GUAA", "Q3", "ВКС"),
    ("Африка", H, "DA", "GUAA", "Q4", "Москва"),
    ("Латинская Америка", H, "DLA", "UAM", "Q4", "Минск"),
    ("Международно-правовые вопросы", H, "PD", "GDPU", "Q2", "Москва"),
    ("Архивное сотрудничество и историческая память", H, "IDD", "OIA", "M5", "Минск"),
    ("Новые вызовы и угрозы", H, "DNV", "UMB", "Q3", "Минск"),
    ("ШОС", H, "DATS", "GUMD", "M6", "ВКС"),
    ("БРИКС", H, "DMO", "GUMD", "Q2", "Москва"),
    ("Гуманитарное сотрудничество", H, "DGP", "UGS", "Q3", "Минск"),
    ("Противодействие односторонним ограничительным мерам", H, "PD", "GDPU", "Q1", "ВКС"),
    ("Международная информационная безопасность", H, "DNV", "UMB", "Q4", "Москва"),
    ("Центральная Азия и Закавказье", H, "DSNG1", "GUSNG", "Q3", "ВКС"),
    ("Дипломатическое сопровождение интеграции в рамках Союзного государства", D, "DSNG2", "GUSNG-SG", "Q1", "Москва"),
    ("Евразийский экономический союз", H, "DSNG1", "GUVED", "Q2", "Минск"),
    ("Евразийская безопасность", D, "DVP", "UVAP", "M10",
     "на полях Минской международной конференции по евразийской безопасности"),
    ("Южная Азия", H, "DATS", "GUAA", "Q4", "ВКС"),
    ("Экономическая дипломатия", H, "DES", "GUVED", "Q3", "Москва"),
    ("Миграционная политика и противодействие незаконной миграции", M, "KD", "GKU", "Q4", "ВКС"),
    ("Правозащитная проблематика в Третьем комитете ГА ООН", H, "DGP", "GUMD", "M10",
     "на полях 81-й сессии ГА ООН, Нью-Йорк"),
    ("Итоги выполнения Плана консультаций и проект Плана на следующий год", M, "DSNG2", "GUSNG", "M11", "Москва"),
]
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MONTHS = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь",
          "декабрь"]


def _period(spec: str, year: int) -> tuple[dt.date, dt.date, str]:
    import calendar

    if spec.startswith("Q"):
        q = int(spec[1:])
        start = dt.date(year, 3 * q - 2, 1)
        end = dt.date(year, 3 * q, calendar.monthrange(year, 3 * q)[1])
        return start, end, f"{ROMAN[q]} квартал {year} г."
    month = int(spec[1:])
    return (dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]),
            f"{MONTHS[month - 1]} {year} г.")


def _party(person: Person) -> Party:
    """The party of a demo person: every one has a party except the system administrator."""
    assert person.party is not None
    return person.party


def _venue(place: str, parties: dict[str, Party]) -> tuple[str, Party | None]:
    if place == "ВКС":
        return Round.VenueKind.VIDEO, None
    if place.startswith("на полях"):
        return Round.VenueKind.MARGINS, parties["BY"] if "Минск" in place else None
    return Round.VenueKind.CITY, parties["RU"] if place == "Москва" else parties["BY"]


class _Builder:
    def __init__(self, *, today: dt.date, password: str) -> None:
        self.today = today
        self.password_hash = make_password(password)  # hashed once: Argon2 is deliberately slow
        self.parties: dict[str, Party] = {}
        self.units: dict[str, Unit] = {}  # "RU:DSNG2"
        self.people: dict[str, Person] = {}
        self.sec: dict[str, Person] = {}

    # -- helpers --------------------------------------------------------------------------------

    @contextmanager
    def on(self, day: dt.date, hour: int = 11) -> Iterator[None]:
        """Date the timeline entries and deadline changes written in the block to `day`."""
        event_mark = ObligationEvent.objects.aggregate(m=Max("id"))["m"] or 0
        change_mark = DeadlineChange.objects.aggregate(m=Max("id"))["m"] or 0
        yield
        ObligationEvent.objects.filter(id__gt=event_mark).update(at=_at(day, hour))
        DeadlineChange.objects.filter(id__gt=change_mark).update(changed_at=_at(day, hour))

    def unit(self, party: str, code: str) -> Unit:
        return self.units[f"{party}:{code}"]

    def author_for(self, ob: Obligation) -> Person:
        """The head of the responsible unit writes the report (an executor of that unit)."""
        responsible = next(e.unit for e in ob.executors.select_related("unit") if e.is_responsible)
        return self.people[f"head:{ob.party.code}:{responsible.code}"]

    def next_working(self, day: dt.date, party: str) -> dt.date:
        code = self.parties[party].calendar_code
        while not calendars.is_working_day(day, code):
            day += dt.timedelta(days=1)
        return day

    def report(self, ob: Obligation, *, kind: str, text: str, submitted: dt.date, accept: bool = True,
               release: bool = False, returned: str = "", draft_only: bool = False,
               period_end: dt.date | None = None) -> Report:
        author = self.author_for(ob)
        sec = self.sec[ob.party.code]
        with self.on(submitted - dt.timedelta(days=1), 16):
            report = control.report_create(actor=author, obligation=ob, kind=kind, text=text, period_end=period_end)
        Report.objects.filter(pk=report.pk).update(created_at=_at(submitted - dt.timedelta(days=1), 16))
        if draft_only:
            return report
        with self.on(submitted, 10):
            control.report_submit(actor=author, report=report)
        Report.objects.filter(pk=report.pk).update(submitted_at=_at(submitted, 10))
        report.refresh_from_db()
        decided = submitted + dt.timedelta(days=2)
        if returned:
            with self.on(decided, 15):
                control.report_return(actor=sec, report=report, reason=returned)
            Report.objects.filter(pk=report.pk).update(decided_at=_at(decided, 15))
            return report
        if accept:
            with self.on(decided, 15):
                control.report_accept(actor=sec, report=report)
            Report.objects.filter(pk=report.pk).update(decided_at=_at(decided, 15))
            if release:
                with self.on(decided, 17):
                    control.report_release(actor=sec, report=report)
                Report.objects.filter(pk=report.pk).update(released_at=_at(decided, 17))
        report.refresh_from_db()
        return report

    def extend(self, ob: Obligation, *, requested: dt.date, new_deadline: dt.date, reason: str) -> None:
        author = self.author_for(ob)
        with self.on(requested, 12):
            request = control.extension_request_create(actor=author, obligation=ob, proposed_deadline=new_deadline,
                                                       reason=reason)
        ExtensionRequest.objects.filter(pk=request.pk).update(requested_at=_at(requested, 12))
        decided = requested + dt.timedelta(days=3)
        with self.on(decided, 16):
            control.extension_grant(actor=self.sec[ob.party.code], request=request,
                                    note="Продлить срок с учётом изложенных обстоятельств")
        ExtensionRequest.objects.filter(pk=request.pk).update(decided_at=_at(decided, 16))
        ob.refresh_from_db()

    def report_periods(self, ob: Obligation, count: int, what: str) -> None:
        """Accepted interim reports for `count` reporting periods, each a few days before it is due."""
        for _ in range(count):
            ob.refresh_from_db()
            due = ob.deadline
            if due >= self.today:
                break
            self.report(ob, kind=Report.Kind.INTERIM, submitted=due - dt.timedelta(days=4),
                        text=f"Информация о ходе выполнения за период по {ob.period_end:%d.%m.%Y}: {what}",
                        release=True)

    # -- the story ------------------------------------------------------------------------------

    def run(self) -> None:
        self.directory()
        self.staff_group()
        self.programme()
        brest = self.brest_session()
        moscow = self.moscow_session(brest)
        self.plan_2026(moscow)

    def directory(self) -> None:
        ru = Party.objects.create(
            code="RU", name="Министерство иностранных дел Российской Федерации",
            name_en="Ministry of Foreign Affairs of the Russian Federation", short_name="МИД России",
            short_name_en="MFA of Russia", country="Российская Федерация", country_en="Russian Federation",
            calendar_code="RU", head_title="Министр иностранных дел Российской Федерации", order=1)
        by = Party.objects.create(
            code="BY", name="Министерство иностранных дел Республики Беларусь",
            name_en="Ministry of Foreign Affairs of the Republic of Belarus", short_name="МИД Беларуси",
            short_name_en="MFA of Belarus", country="Республика Беларусь", country_en="Republic of Belarus",
            calendar_code="BY", head_title="Министр иностранных дел Республики Беларусь", order=2)
        self.parties = {"RU": ru, "BY": by}
        for party in (ru, by):
            audit_record(actor=None, action="party.create", obj=party, changes={"code": party.code})
        for code, rows in (("RU", RU_UNITS), ("BY", BY_UNITS)):
            party = self.parties[code]
            for unit_code, name, parent, head, position in rows:
                unit = Unit.objects.create(party=party, code=unit_code, name=name,
                                           parent=self.units[f"{code}:{parent}"] if parent else None)
                self.units[f"{code}:{unit_code}"] = unit
                person = self.person(f"{code.lower()}-{unit_code.lower()}", party, unit, head, position,
                                     {"is_executor": True}, Clearance.OFFICIAL, login=False)
                Unit.objects.filter(pk=unit.pk).update(head=person)
                self.people[f"head:{code}:{unit_code}"] = person
                audit_record(actor=None, action="unit.create", obj=unit, changes={"party": code, "code": unit_code})
        for login, code, login_unit_code, names, position, roles, clearance in LOGINS:
            login_unit = self.unit(code, login_unit_code) if login_unit_code else None
            person = self.person(login, self.parties[code], login_unit, names, position, roles, clearance, login=True)
            self.people[login] = person
        for code, deputies in DEPUTIES.items():
            for username, names, position in deputies:
                self.people[username] = self.person(username, self.parties[code], None, names, position,
                                                    {"is_head": True}, Clearance.CONFIDENTIAL, login=False)
        admin = Person(username="admin", party=None, first_name="Администратор", last_name="Системный",
                       position="администратор Collegium", is_staff=True, is_superuser=True, is_party_admin=True,
                       clearance=Clearance.OPEN, email="admin@collegium.example", password=self.password_hash)
        admin.save()
        audit_record(actor=None, action="person.create", obj=admin, changes={"username": "admin"})
        self.sec = {"RU": self.people["ru-secretariat"], "BY": self.people["by-secretariat"]}
        for person in self.sec.values():
            Person.objects.filter(pk=person.pk).update(is_staff=True)
            person.is_staff = True

    def person(self, username: str, party: Party, unit: Unit | None, names: tuple[str, str, str], position: str,
               roles: dict[str, bool], clearance: int, *, login: bool) -> Person:
        last, first, middle = names
        person = Person(username=username, party=party, unit=unit, last_name=last, first_name=first,
                        middle_name=middle, position=position, clearance=clearance,
                        email=f"{username}@{'mid.example.ru' if party.code == 'RU' else 'mfa.example.by'}",
                        **roles)
        if login:
            person.password = self.password_hash
        else:
            person.set_unusable_password()
        person.save()
        audit_record(actor=None, action="person.create", obj=person,
                     changes={"username": username, "party": party.code, "roles": person.roles})
        return person

    def staff_group(self) -> None:
        for person in self.sec.values():
            grant_back_office(person)

    # -- programme --------------------------------------------------------------------------------

    def programme(self) -> None:
        ru_sec = self.sec["RU"]
        approved = dt.date(2024, 1, 29)
        with self.on(approved):
            programme = programme_svc.programme_create(
                actor=ru_sec, title="Программа согласованных действий в области внешней политики государств — "
                                    "участников Договора о создании Союзного государства",
                year_from=2024, year_to=2026, parties=list(self.parties.values()),
                approved_by="Высший Государственный Совет Союзного государства", approval_number="1",
                approval_date=approved)
        dated_index = {"RU": 0, "BY": 3}
        permanent_index = {"RU": 0, "BY": 1}
        for number, (title, actions) in enumerate(PROGRAMME, start=1):
            section = programme_svc.section_add(actor=ru_sec, programme=programme, title=title, number=number)
            for order, (text, ru_units, by_units, deadline, label) in enumerate(actions, start=1):
                relative = deadline in ("soon7", "soon30")
                if deadline == P:
                    periodicity, deadline_date = Periodicity.PERMANENT, None
                elif relative:
                    # Planned for the year; moved later by the secretariats (see below).
                    periodicity, deadline_date = Periodicity.ONCE, dt.date(2026, 6, 30)
                else:
                    assert isinstance(deadline, dt.date)  # neither P nor "soonN": a date
                    periodicity, deadline_date = Periodicity.ONCE, deadline
                with self.on(approved):
                    action = programme_svc.action_add(
                        actor=ru_sec, section=section, number=f"{number}.{order}", text=text,
                        executors={self.parties["RU"]: [self.unit("RU", c) for c in ru_units],
                                   self.parties["BY"]: [self.unit("BY", c) for c in by_units]},
                        issued_on=approved, deadline_date=deadline_date, periodicity=periodicity,
                        deadline_text=label)
                for ob in action.obligations.select_related("party"):
                    code = ob.party.code
                    if periodicity == Periodicity.PERMANENT:
                        periods = PERMANENT_PATTERNS[permanent_index[code] % len(PERMANENT_PATTERNS)]
                        permanent_index[code] += 1
                        self.report_periods(ob, periods, "мероприятия проводятся в плановом порядке.")
                    elif relative:
                        days = 7 if deadline == "soon7" else 30
                        target = self.next_working(self.today + dt.timedelta(days=days), code)
                        self.report(ob, kind=Report.Kind.INTERIM, submitted=dt.date(2026, 5, 20), release=True,
                                    text="Подготовлены предварительные предложения, ведутся межведомственные "
                                         "согласования.")
                        self.extend(ob, requested=dt.date(2026, 6, 22), new_deadline=target,
                                    reason="Требуется дополнительное межведомственное согласование предложений.")
                    else:
                        pattern = DATED_PATTERNS[dated_index[code] % len(DATED_PATTERNS)]
                        dated_index[code] += 1
                        self.dated_outcome(ob, pattern)

    def dated_outcome(self, ob: Obligation, pattern: str) -> None:
        """Play one obligation with a fixed deadline to the outcome named by `pattern`."""
        deadline = ob.deadline
        if deadline >= self.today:
            # Not yet due: interim information at most.
            if pattern in ("interim", "overdue", "late"):
                self.report(ob, kind=Report.Kind.INTERIM, submitted=self.today - dt.timedelta(days=20),
                            text="Работа ведётся в соответствии с планом.", release=pattern == "interim")
            return
        if pattern == "done":
            self.report(ob, kind=Report.Kind.FINAL, submitted=deadline - dt.timedelta(days=6), release=True,
                        text="Мероприятие выполнено в полном объёме, материалы направлены партнёрам.")
        elif pattern == "done_internal":
            self.report(ob, kind=Report.Kind.FINAL, submitted=deadline - dt.timedelta(days=3), release=False,
                        text="Выполнено. Итоговые материалы находятся на согласовании для передачи партнёрам.")
        elif pattern == "late":
            self.report(ob, kind=Report.Kind.INTERIM, submitted=deadline - dt.timedelta(days=10), release=True,
                        text="Работа продолжается, ожидаются предложения заинтересованных ведомств.")
            self.report(ob, kind=Report.Kind.FINAL, submitted=deadline + dt.timedelta(days=18), release=True,
                        text="Выполнено с нарушением срока в связи с поздним поступлением предложений ведомств.")
        elif pattern == "overdue":
            self.report(ob, kind=Report.Kind.INTERIM, submitted=deadline - dt.timedelta(days=5), release=False,
                        text="Проект документа подготовлен, согласование не завершено.")
        elif pattern == "interim":
            self.report(ob, kind=Report.Kind.INTERIM, submitted=deadline - dt.timedelta(days=5), release=True,
                        text="Подготовлена предварительная информация; окончательный отчёт будет представлен.")
            self.report(ob, kind=Report.Kind.FINAL, submitted=deadline - dt.timedelta(days=1), release=False,
                        returned="Отчёт не содержит сведений о результатах консультаций; просьба дополнить.",
                        text="Выполнено.")

    # -- Brest, 22 November 2024 -----------------------------------------------------------------------

    def brest_session(self) -> Session:
        ru, by = self.parties["RU"], self.parties["BY"]
        by_sec, ru_sec = self.sec["BY"], self.sec["RU"]
        signed = dt.date(2024, 11, 22)
        session = meetings.session_create(
            actor=by_sec, number=1, title="Совместное заседание коллегий Министерства иностранных дел Российской "
                                          "Федерации и Министерства иностранных дел Республики Беларусь",
            date_start=signed, date_end=signed, city="Брест", venue="Брестская крепость", host_party=by,
            parties=[ru, by])
        for text, minutes, raps in [
            ("О промежуточных итогах выполнения Постановления совместного заседания коллегий 2023 года и Программы "
             "согласованных действий на 2024–2026 годы", 20, ["ru-deputy-cis", "by-deputy-cis"]),
            ("О взаимодействии в ШОС и БРИКС и сотрудничестве со странами мирового большинства", 25,
             ["ru-deputy-multi", "by-deputy-multi"]),
            ("О совместных усилиях по противодействию судебно-правовой и санкционной агрессии", 20,
             ["head:RU:PD", "head:BY:GDPU"]),
            ("Об утверждении Плана межмидовских консультаций на 2025 год", 10, ["head:RU:DSNG2", "head:BY:GUSNG"]),
        ]:
            item = meetings.agenda_item_add(
                actor=by_sec, session=session, title=text, duration_minutes=minutes,
                rapporteurs=[{"party": self.people[r].party, "person": self.people[r]} for r in raps])
            meetings.agenda_item_update(actor=by_sec, item=item, outcome="Информация принята к сведению; "
                                                                        "решения отражены в Постановлении.")
        for login in ("ru-head", "by-head"):
            meetings.attendance_add(actor=by_sec, session=session, party=_party(self.people[login]),
                                    role=Attendance.Role.CO_CHAIR, person=self.people[login],
                                    position=self.people[login].position)
        meetings.material_add(actor=by_sec, session=session, title="Программа заседания",
                              upload=ContentFile(_pdf("Programme of the joint session, Brest, 22.11.2024"),
                                                 name="programma-brest-2024.pdf"))
        meetings.session_set_status(actor=by_sec, session=session, status=Session.Status.HELD)
        meetings.minutes_update(actor=by_sec, session=session, final=True,
                                text="Заседание проведено под сопредседательством министров иностранных дел. "
                                     "Рассмотрены вопросы повестки дня, подписаны Постановление и План "
                                     "межмидовских консультаций на 2025 год.")

        resolution = res_svc.resolution_create(
            actor=by_sec, session=session, place="г. Брест",
            title="Постановление совместного заседания коллегий Министерства иностранных дел Российской Федерации "
                  "и Министерства иностранных дел Республики Беларусь")
        U = self.unit
        clauses: list[tuple[str, str, dict[str, Any]]] = [
            (Clause.Kind.TAKES_NOTE, "Принять к сведению информацию о ходе выполнения Постановления совместного "
             "заседания коллегий 2023 года и Программы согласованных действий на 2024–2026 годы.", {}),
            (Clause.Kind.APPROVES, "Утвердить План межмидовских консультаций на 2025 год (прилагается).", {}),
            (Clause.Kind.INSTRUCTS, "Второму департаменту стран СНГ МИД России и Главному управлению СНГ и "
             "Союзного государства МИД Беларуси представить предложения к повестке дня заседания Высшего "
             "Государственного Совета Союзного государства.",
             {"units": [("DSNG2", "GUSNG")]}),
            (Clause.Kind.INSTRUCTS, "Подготовить и согласовать перечень совместных внешнеполитических мероприятий, "
             "приуроченных к 80-летию Победы в Великой Отечественной войне.",
             {"units": [("IDD", "OIA"), ("DIP", "UICD")], "date": dt.date(2025, 2, 28)}),
            (Clause.Kind.INSTRUCTS, "Согласовать график взаимной поддержки кандидатур в выборные органы системы "
             "ООН на 2025–2027 годы.", {"units": [("DMO", "GUMD")], "date": dt.date(2025, 3, 31)}),
            (Clause.Kind.INSTRUCTS, "Подготовить совместные предложения по противодействию односторонним "
             "ограничительным мерам и «юридической агрессии», включая разбирательства в международных судебных "
             "инстанциях.", {"units": [("PD", "GDPU")], "date": dt.date(2025, 6, 30)}),
            (Clause.Kind.INSTRUCTS, "Ежеквартально обмениваться информацией о мерах по противодействию "
             "дезинформации в отношении Союзного государства.", {"units": [("DIP", "UICD")],
                                                                  "periodicity": Periodicity.QUARTERLY}),
            (Clause.Kind.INSTRUCTS, "Проработать вопрос об унификации практики консульского содействия гражданам "
             "Союзного государства в третьих странах.", {"units": [("KD", "GKU")], "date": dt.date(2025, 9, 30)}),
            (Clause.Kind.INSTRUCTS, "Подготовить совместный аналитический доклад о формировании архитектуры "
             "равной и неделимой безопасности в Евразии.", {"units": [("DVP", "UVAP")], "date": dt.date(2025, 10, 31)}),
            (Clause.Kind.INSTRUCTS, "Подготовить совместное выступление министров к Совету министров иностранных "
             "дел ОБСЕ.", {"units": [("DOES", "GUE")], "date": dt.date(2025, 5, 31)}),
            (Clause.Kind.INSTRUCTS, "На постоянной основе координировать подходы в области контроля над "
             "вооружениями и нераспространения.", {"units": [("DVBR", "UMB")],
                                                   "periodicity": Periodicity.PERMANENT}),
            (Clause.Kind.INSTRUCTS, "Подготовить проект Программы согласованных действий в области внешней "
             "политики на 2027–2029 годы.", {"units": [("DSNG2", "GUSNG"), ("DVP", "UVAP")],
                                             "date": dt.date(2026, 6, 30)}),
            (Clause.Kind.INSTRUCTS, "Подготовить информационно-справочные материалы к совместному заседанию "
             "коллегий 2025 года.", {"units": [("DSNG2-SG", "GUSNG-SG")], "date": dt.date(2025, 11, 10)}),
        ]
        for kind, text, extra in clauses:
            pairs = extra.get("units", [])
            res_svc.clause_add(
                actor=by_sec, resolution=resolution, kind=kind, text=text, deadline_date=extra.get("date"),
                periodicity=extra.get("periodicity", Periodicity.ONCE),
                responsible_units=[U("RU", pairs[0][0]), U("BY", pairs[0][1])] if pairs else [],
                co_executor_units=[U(p, c) for ru_code, by_code in pairs[1:]
                                   for p, c in (("RU", ru_code), ("BY", by_code))])

        plan = rounds_svc.plan_create(actor=by_sec, year=2025, resolution=resolution,
                                      title="План межмидовских консультаций на 2025 год")
        self.rounds(plan, 2025, TOPICS[:30])

        resolution.refresh_from_db()
        res_svc.resolution_approve(actor=ru_sec, resolution=resolution, text_version=resolution.text_version)
        res_svc.resolution_approve(actor=by_sec, resolution=resolution, text_version=resolution.text_version)
        with self.on(signed, 13):
            res_svc.resolution_sign(actor=self.people["by-head"], resolution=resolution, signed_on=signed)
            res_svc.resolution_sign(actor=self.people["ru-head"], resolution=resolution, signed_on=signed)
        self.brest_execution(resolution)
        self.plan_2025_progress(plan)
        return session

    def brest_execution(self, resolution) -> None:
        obs = {(o.clause.number, o.party.code): o for o in
               Obligation.objects.filter(clause__resolution=resolution).select_related("clause", "party")
               if o.clause is not None}  # always: filtered by the clause's resolution
        today = self.today
        # 3: one month from signing (no date given): both done in time, released.
        for code in ("RU", "BY"):
            self.report(obs[(3, code)], kind=Report.Kind.FINAL, submitted=dt.date(2024, 12, 16), release=True,
                        text="Предложения к повестке дня заседания Высшего Государственного Совета направлены.")
        # 4: 80th anniversary of the Victory: done in time on both sides.
        for code in ("RU", "BY"):
            self.report(obs[(4, code)], kind=Report.Kind.FINAL, submitted=dt.date(2025, 2, 20), release=True,
                        text="Перечень совместных мероприятий согласован и утверждён руководством министерства.")
        # 5: UN candidatures: RU late, BY in time but not yet released.
        self.report(obs[(5, "RU")], kind=Report.Kind.FINAL, submitted=dt.date(2025, 4, 18), release=True,
                    text="График согласован после завершения внутриведомственных процедур.")
        self.report(obs[(5, "BY")], kind=Report.Kind.FINAL, submitted=dt.date(2025, 3, 25), release=False,
                    text="График поддержки кандидатур согласован.")
        # 6: sanctions and legal aggression: overdue on both sides; RU interim released, BY final returned.
        self.report(obs[(6, "RU")], kind=Report.Kind.INTERIM, submitted=dt.date(2025, 6, 20), release=True,
                    text="Подготовлен проект предложений, проводятся консультации с Минюстом и Минфином.")
        self.report(obs[(6, "BY")], kind=Report.Kind.INTERIM, submitted=dt.date(2025, 6, 24), release=False,
                    text="Проект предложений внесён на рассмотрение руководства.")
        self.report(obs[(6, "BY")], kind=Report.Kind.FINAL, submitted=dt.date(2025, 8, 4),
                    returned="Не отражены предложения по защите государственной собственности; просьба доработать.",
                    text="Предложения подготовлены.")
        # 7: quarterly exchange: RU reported every quarter up to the current one, BY fell behind.
        self.report_periods(obs[(7, "RU")], 20, "обмен информацией осуществлён, подготовлен обзор.")
        self.report_periods(obs[(7, "BY")], 6, "обмен информацией осуществлён.")
        # 8: consular practice: RU extended to a month from today; BY overdue with interim information.
        self.extend(obs[(8, "RU")], requested=dt.date(2025, 9, 16),
                    new_deadline=self.next_working(today + dt.timedelta(days=30), "RU"),
                    reason="Требуется учесть изменения законодательства о гражданстве и консульских сборах.")
        self.report(obs[(8, "BY")], kind=Report.Kind.INTERIM, submitted=dt.date(2025, 9, 22), release=True,
                    text="Проект методических рекомендаций направлен в загранучреждения для замечаний.")
        # 9: Eurasian security report: RU extended to a week from today, BY done in time.
        self.extend(obs[(9, "RU")], requested=dt.date(2025, 10, 20),
                    new_deadline=self.next_working(today + dt.timedelta(days=7), "RU"),
                    reason="Доклад дополняется итогами Минской конференции по евразийской безопасности.")
        self.report(obs[(9, "BY")], kind=Report.Kind.FINAL, submitted=dt.date(2025, 10, 27), release=True,
                    text="Белорусская часть доклада подготовлена и передана российской стороне.")
        # 10: OSCE joint statement: RU removed as no longer relevant, BY done late.
        with self.on(dt.date(2025, 5, 15)):
            control.obligation_remove_from_control(
                actor=self.sec["RU"], obligation=obs[(10, "RU")], reason_kind=Obligation.Status.NOT_RELEVANT,
                reason="Совместное выступление признано нецелесообразным: стороны выступили с национальными "
                       "заявлениями по согласованным тезисам.")
        self.report(obs[(10, "BY")], kind=Report.Kind.FINAL, submitted=dt.date(2025, 6, 10), release=True,
                    text="Согласованные тезисы использованы в национальном выступлении.")
        # 11: arms control, permanent: RU reported yearly, BY missed the report due 20 January 2026.
        self.report_periods(obs[(11, "RU")], 2, "консультации проведены, позиции скоординированы.")
        self.report_periods(obs[(11, "BY")], 1, "позиции скоординированы.")
        # 12: draft Programme 2027–2029: extended to the next working day (RU) and a week (BY).
        self.report(obs[(12, "RU")], kind=Report.Kind.INTERIM, submitted=dt.date(2026, 5, 15), release=True,
                    text="Подготовлена структура проекта Программы, направлена белорусской стороне.")
        self.extend(obs[(12, "RU")], requested=dt.date(2026, 6, 20),
                    new_deadline=self.next_working(today + dt.timedelta(days=1), "RU"),
                    reason="Необходимо учесть предложения заинтересованных федеральных органов исполнительной "
                           "власти, поступившие с опозданием.")
        self.extend(obs[(12, "BY")], requested=dt.date(2026, 6, 22),
                    new_deadline=self.next_working(today + dt.timedelta(days=7), "BY"),
                    reason="Проект находится на согласовании в Администрации Президента.")
        # 13: materials for the 2025 session: RU done (accepted, internal only), BY final awaiting acceptance.
        self.report(obs[(13, "RU")], kind=Report.Kind.FINAL, submitted=dt.date(2025, 11, 5), release=False,
                    text="Информационно-справочные материалы подготовлены и представлены Министру.")
        self.report(obs[(13, "BY")], kind=Report.Kind.FINAL, submitted=dt.date(2025, 11, 14), accept=False,
                    text="Материалы подготовлены и направлены в Секретариат Министра.")
        # An internal draft nobody outside the Russian side may see.
        self.report(obs[(6, "RU")], kind=Report.Kind.FINAL, submitted=dt.date(2026, 11, 20), draft_only=True,
                    text="Проект итогового отчёта: предложения согласованы с Минюстом России.")

    def rounds(self, plan: ConsultationPlan, year: int, topics: list[tuple]) -> list[Round]:
        made = []
        for topic, level, ru_code, by_code, spec, place in topics:
            start, end, label = _period(spec, year)
            venue_kind, host = _venue(place, self.parties)
            delegations = []
            for code, unit_code in (("RU", ru_code), ("BY", by_code)):
                deputy = "cis" if unit_code.startswith(("DSNG", "GUSNG")) else "multi"
                head = (self.people[f"{code.lower()}-deputy-{deputy}"] if level == Round.Level.DEPUTY_MINISTERS
                        else self.people[f"head:{code}:{unit_code}"])
                delegations.append({"party": self.parties[code], "unit": self.unit(code, unit_code),
                                    "head_name": head.short_name, "head_position": head.position})
            made.append(rounds_svc.round_create(
                actor=self.sec["BY" if year == 2025 else "RU"], plan=plan, topic=topic, level=level,
                period_start=start, period_end=end, period_label=label, venue=place, venue_kind=venue_kind,
                host_party=host, delegations=delegations))
        return made

    def plan_2025_progress(self, plan: ConsultationPlan) -> None:
        """Most rounds held within their period; a few postponed, cancelled, moved or still open."""
        by_sec, ru_sec = self.sec["BY"], self.sec["RU"]
        for rnd in plan.rounds.order_by("number"):
            sec = ru_sec if rnd.host_party and rnd.host_party.code == "RU" else by_sec
            n = rnd.number
            if n in (4, 17):
                with self.on(rnd.period_start + dt.timedelta(days=10)):
                    rounds_svc.round_postpone(
                        actor=sec, round=rnd, reason="По просьбе одной из сторон в связи с графиком руководства.",
                        period_start=dt.date(2026, 2, 1), period_end=dt.date(2026, 3, 31))
                for ob in rnd.obligations.select_related("party"):
                    with self.on(rnd.period_start + dt.timedelta(days=10)):
                        control.obligation_change_deadline(actor=self.sec[ob.party.code], obligation=ob,
                                                           deadline=dt.date(2026, 3, 31),
                                                           reason="Раунд консультаций перенесён по согласованию сторон.")
            elif n == 10:
                with self.on(rnd.period_start + dt.timedelta(days=20)):
                    rounds_svc.round_cancel(actor=sec, round=rnd,
                                            reason="Вопросы рассмотрены в ходе консультаций заместителей министров.")
            elif n in (25, 30):
                with self.on(dt.date(2025, 12, 5)):
                    rounds_svc.round_move_to_next_year(actor=sec, round=rnd,
                                                       reason="Перенесено в План консультаций на 2026 год.")
            elif n == 22:
                rounds_svc.round_agree_dates(actor=sec, round=rnd, date_start=rnd.period_end - dt.timedelta(days=20))
            elif n == 28:
                continue  # never scheduled: overdue on control
            else:
                day = rnd.period_start + dt.timedelta(days=(n * 7) % max((rnd.period_end - rnd.period_start).days, 1))
                if n in (6, 19):
                    day = rnd.period_end + dt.timedelta(days=12)  # held late
                day = self.next_working(day, "RU")
                rounds_svc.round_agree_dates(actor=sec, round=rnd, date_start=day)
                with self.on(day, 18):
                    rounds_svc.round_mark_held(
                        actor=sec, round=rnd, date_start=day,
                        outcome=f"Проведены консультации по теме «{rnd.topic}». Стороны обменялись оценками, "
                                "согласовали подходы к совместным действиям.")

    # -- Moscow, 25 November 2025 -----------------------------------------------------------------------

    def moscow_session(self, brest: Session) -> Session:
        ru, by = self.parties["RU"], self.parties["BY"]
        ru_sec, by_sec = self.sec["RU"], self.sec["BY"]
        day = dt.date(2025, 11, 25)
        session = meetings.session_create(
            actor=ru_sec, number=2, title="Совместное заседание коллегий Министерства иностранных дел Российской "
                                          "Федерации и Министерства иностранных дел Республики Беларусь",
            date_start=day, date_end=day, city="Москва", venue="Особняк МИД России на Спиридоновке",
            host_party=ru, parties=[ru, by], previous=brest)
        pp = self.people
        agenda = [
            ("О вопросах Союзного государства, других темах двусторонних отношений и международной проблематике",
             30, ["ru-head", "by-head"]),
            (None, 20, ["ru-deputy-cis", "by-deputy-cis"]),
            ("О совместном использовании дипломатического инструментария", 20, ["ru-deputy-multi", "by-deputy-multi"]),
            ("О работе по продвижению традиционных ценностей и сбережению исторической памяти", 15,
             ["head:RU:IDD", "head:BY:OIA"]),
            ("О дальнейшем сотрудничестве с дружественными государствами и объединениями", 15,
             ["head:RU:DATS", "head:BY:GUAA"]),
            ("О выстраивании отношений со странами с недружественными режимами и недружественными организациями, "
             "включая противодействие их санкционной и юридической агрессии", 20, ["head:RU:PD", "head:BY:GDPU"]),
            ("Об информационном сопровождении внешней политики", 15, ["head:RU:DIP", "head:BY:UICD"]),
            ("О ситуации в сфере безопасности на Европейском континенте, обстановке вокруг Венесуэлы и украинском "
             "урегулировании", 25, ["head:RU:DOES", "head:BY:GUE"]),
            ("О дипломатическом сопровождении интеграционных процессов в рамках Союзного государства", 15,
             ["head:RU:DSNG2", "head:BY:GUSNG"]),
        ]
        items = []
        for title, minutes, raps in agenda:
            rapporteurs: list[dict[str, Any]] = [{"party": pp[r].party, "person": pp[r]} for r in raps]
            if title is None:
                item = meetings.agenda_prepare_interim_results(actor=ru_sec, session=session)
                for rap in rapporteurs:
                    meetings.rapporteur_add(actor=ru_sec, item=item, party=rap["party"], person=rap["person"])
            else:
                item = meetings.agenda_item_add(actor=ru_sec, session=session, title=title, duration_minutes=minutes,
                                                rapporteurs=rapporteurs)
            items.append(item)
        meetings.session_set_status(actor=ru_sec, session=session, status=Session.Status.ANNOUNCED)
        for login in ("ru-head", "by-head"):
            meetings.attendance_add(actor=ru_sec, session=session, party=_party(pp[login]),
                                    role=Attendance.Role.CO_CHAIR, person=pp[login], position=pp[login].position)
        for login in ("ru-deputy-cis", "ru-deputy-multi", "by-deputy-cis", "by-deputy-multi"):
            meetings.attendance_add(actor=ru_sec, session=session, party=_party(pp[login]), person=pp[login],
                                    position=pp[login].position)
        meetings.material_add(actor=ru_sec, session=session, title="Проект повестки дня заседания",
                              upload=ContentFile(_pdf("Draft agenda, Moscow, 25.11.2025"), name="povestka-2025.pdf"))
        meetings.material_add(
            actor=ru_sec, session=session, agenda_item=items[1],
            title="Справка о промежуточных итогах выполнения Постановления от 22.11.2024 и Программы",
            upload=ContentFile(_pdf("Interim results of the 2024 resolution and the Programme"),
                               name="spravka-itogi.pdf"))
        meetings.material_add(
            actor=ru_sec, session=session, agenda_item=items[0], visibility=Visibility.INTERNAL,
            clearance=Clearance.OFFICIAL, title="Тезисы к беседе Министра (для служебного пользования)",
            upload=ContentFile("Тезисы к беседе С.В. Лаврова с М.В. Рыженковым.\n".encode(), name="tezisy.txt"))
        meetings.material_add(
            actor=ru_sec, session=session, visibility=Visibility.INTERNAL,
            title="Замечания департаментов к проекту постановления",
            upload=ContentFile("Сводка замечаний департаментов МИД России.\n".encode(), name="zamechaniya.txt"))
        meetings.material_add(
            actor=by_sec, session=session, visibility=Visibility.INTERNAL,
            title="Позиция белорусской стороны по проекту постановления",
            upload=ContentFile("Позиция МИД Беларуси по пунктам 4–8 проекта.\n".encode(), name="poziciya.txt"))
        meetings.material_add(
            actor=by_sec, session=session, agenda_item=items[8],
            title="Информация о ходе реализации союзных программ",
            upload=ContentFile("Информация МИД Беларуси о реализации союзных программ.\n".encode(),
                               name="soyuznye-programmy.txt"))
        self.moscow_resolution(session)
        return session

    def moscow_resolution(self, session: Session) -> None:
        ru_sec, by_sec = self.sec["RU"], self.sec["BY"]
        U = self.unit
        resolution = res_svc.resolution_create(
            actor=ru_sec, session=session, place="г. Москва",
            title="Постановление совместного заседания коллегий Министерства иностранных дел Российской Федерации "
                  "и Министерства иностранных дел Республики Беларусь")
        texts = [
            (Clause.Kind.TAKES_NOTE, "Принять к сведению информацию о промежуточных итогах выполнения Постановления "
             "совместного заседания коллегий от 22 ноября 2024 года и Программы согласованных действий на "
             "2024–2026 годы.", [], None, None),
            (Clause.Kind.APPROVES, "Утвердить План межмидовских консультаций на 2026 год (прилагается).", [], None, None),
            (Clause.Kind.INSTRUCTS, "Обеспечить завершение подготовки проекта Программы согласованных действий на "
             "2027–2029 годы и внести его на рассмотрение министров.", [("DSNG2", "GUSNG"), ("DVP", "UVAP")],
             None, dt.date(2026, 9, 30)),
            (Clause.Kind.INSTRUCTS, "Активизировать совместное использование дипломатического инструментария, в "
             "том числе взаимное представительство интересов в третьих странах.", [("DSNG2", "GUSNG"), ("KD", "GKU")],
             180, None),
            (Clause.Kind.INSTRUCTS, "Подготовить совместный план мероприятий по сбережению исторической памяти и "
             "противодействию фальсификации истории на 2026 год.", [("IDD", "OIA")], 60, None),
            (Clause.Kind.INSTRUCTS, "Выработать согласованные меры противодействия санкционной и юридической "
             "агрессии недружественных государств.", [("PD", "GDPU"), ("DES", "GUVED")], None, dt.date(2026, 6, 30)),
            (Clause.Kind.INSTRUCTS, "Ежеквартально готовить совместный обзор информационного сопровождения "
             "внешней политики Союзного государства.", [("DIP", "UICD")], None, None),
            (Clause.Kind.INSTRUCTS, "Подготовить согласованные оценки ситуации в сфере европейской безопасности.",
             [("DOES", "GUE"), ("DVBR", "UMB")], 90, None),
        ]
        clauses = []
        for kind, text, pairs, days, date in texts:
            clauses.append(res_svc.clause_add(
                actor=ru_sec, resolution=resolution, kind=kind, text=text, deadline_days=days, deadline_date=date,
                periodicity=Periodicity.QUARTERLY if "Ежеквартально" in text else Periodicity.ONCE,
                responsible_units=[U("RU", pairs[0][0]), U("BY", pairs[0][1])] if pairs else [],
                co_executor_units=[U(p, c) for ru_code, by_code in pairs[1:]
                                   for p, c in (("RU", ru_code), ("BY", by_code))]))
        # Already settled: a Belarusian wording accepted by the Russian side.
        settled = res_svc.proposal_create(
            actor=by_sec, resolution=resolution, kind=ChangeProposal.Kind.MODIFY, clause=clauses[4],
            proposed_text="Подготовить совместный план мероприятий по сбережению исторической памяти, "
                          "противодействию фальсификации истории и героизации нацизма на 2026 год.",
            comment="Предлагаем дополнить формулировку.")
        res_svc.proposal_submit(actor=by_sec, proposal=settled)
        res_svc.proposal_accept(actor=ru_sec, proposal=settled)
        # Proposed by RU, awaiting the Belarusian answer.
        ru_proposal = res_svc.proposal_create(
            actor=ru_sec, resolution=resolution, kind=ChangeProposal.Kind.MODIFY, clause=clauses[7],
            proposed_text="Подготовить согласованные оценки ситуации в сфере европейской безопасности, обстановки "
                          "вокруг Венесуэлы и хода украинского урегулирования.",
            comment="Предлагаем отразить вопросы, рассмотренные на заседании.")
        res_svc.proposal_submit(actor=ru_sec, proposal=ru_proposal)
        # Proposed by BY, awaiting the Russian answer.
        by_proposal = res_svc.proposal_create(
            actor=by_sec, resolution=resolution, kind=ChangeProposal.Kind.INSERT, insert_after=8,
            proposed_kind=Clause.Kind.INSTRUCTS,
            proposed_text="Проработать вопрос о проведении совместного заседания коллегий 2026 года в г. Минске.",
            comment="Предлагаем дополнить постановление новым пунктом.")
        res_svc.proposal_submit(actor=by_sec, proposal=by_proposal)
        # A Russian draft, internal until the Russian secretariat sends it.
        res_svc.proposal_create(
            actor=ru_sec, resolution=resolution, kind=ChangeProposal.Kind.MODIFY, clause=clauses[3],
            proposed_text="Активизировать совместное использование дипломатического инструментария, включая "
                          "взаимное представительство интересов и совместные загранучреждения в третьих странах.",
            comment="Проект — согласовать с Консульским департаментом.")
        self.moscow_resolution_obj = resolution

    def plan_2026(self, moscow: Session) -> None:
        plan = rounds_svc.plan_create(actor=self.sec["RU"], year=2026, resolution=self.moscow_resolution_obj,
                                      title="План межмидовских консультаций на 2026 год")
        self.rounds(plan, 2026, TOPICS)
