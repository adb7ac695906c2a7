"""Authorization matrix: every URL and every API operation × every demo role × both parties.

The URL configuration and the OpenAPI schema are enumerated, not listed by hand, so a new page or
endpoint is covered the day it is added. For every parameter that names a record, the test fills in
records the person must NOT see (internal to the other party, or above the person's clearance, or
another person's notification/job) and checks that the answer is exactly the answer for a record
that does not exist (404 for pages and reads; never 200/403), and that no response any person gets
(list pages, API lists, search, the answers above) contains the text of a record hidden from them.
A parameter the test cannot fill fails the test: add it to KIND_BY_PARAM / KIND_BY_PREFIX below.
"""

from __future__ import annotations

import functools
import io
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from collegium.control.models import ExtensionRequest, Obligation, Report
from collegium.core.models import PartyScoped, Visibility
from collegium.meetings.models import AgendaItem, Material, Session
from collegium.parties.models import Person
from collegium.resolutions.models import ChangeProposal, Clause, Resolution

MISSING_ID = 987654321
ROLES = ["ru-secretariat", "ru-executor", "ru-head", "ru-press", "ru-observer",
         "by-secretariat", "by-executor", "by-head", "by-press"]

# Patterns that take no record id and so need nothing filled in, or whose parameter is not a record.
NOT_A_RECORD = {
    "token": "calendar feed: the token is itself the secret capability, not a record id",
    "kind": None, "fmt": None,  # filled from the pattern's own alternatives
    "app_label": "admin app index: a fixed list of app labels",
    "url": "admin's catch-all that redirects unknown admin addresses",
}
# Admin's own pages that take no record or are not about records.
# (The media app's pages live under /media/ and are checked like every other page; uploads are not
# served under a URL at all.)
SKIP_PREFIXES = ("/admin/login", "/admin/logout", "/admin/password_change", "/admin/jsi18n",
                 "/admin/r/", "/admin/autocomplete", "/static/", "/accounts/logout")


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


# Web pages: first path segment(s) → the kind of record that `pk` names.
KIND_BY_PREFIX = {
    "programme/actions/": "programme.Action", "programme/": "programme.Programme",
    "sessions/": "meetings.Session", "agenda/": "meetings.AgendaItem", "materials/": "meetings.Material",
    "resolutions/": "resolutions.Resolution", "clauses/": "resolutions.Clause",
    "proposals/": "resolutions.ChangeProposal", "obligations/": "control.Obligation",
    "reports/": "control.Report", "extensions/": "control.ExtensionRequest",
    "consultations/plans/": "consultations.ConsultationPlan", "consultations/rounds/": "consultations.Round",
    "api/media/links/": "media.Link", "attendance/": "meetings.Attendance",
    "profile/tokens/": "parties.ApiToken", "profile/calendar/": "documents.CalendarFeedToken",
    "media/articles/": "media.Article", "media/links/": "media.Link", "media/sources/": "media.Source",
}
# Named parameters (web and API) → kind.
KIND_BY_PARAM = {
    "session_pk": "meetings.Session", "session_id": "meetings.Session", "plan_id": "consultations.ConsultationPlan",
    "notification_id": "notifications.Notification", "job_id": "notifications.Job",
    "programme_id": "programme.Programme", "material_id": "meetings.Material", "item_id": "meetings.AgendaItem",
    "resolution_id": "resolutions.Resolution", "proposal_id": "resolutions.ChangeProposal",
    "clause_id": "resolutions.Clause", "round_id": "consultations.Round", "obligation_id": "control.Obligation",
    "report_id": "control.Report", "request_id": "control.ExtensionRequest",
}


@functools.cache
def _hidden_ids(model, person_pk: int, limit: int) -> tuple[int, ...]:
    return tuple(_hidden_ids_uncached(model, Person.objects.get(pk=person_pk), limit))


def hidden_ids(model, person: Person, limit: int = 1) -> list[int]:
    return list(_hidden_ids(model, person.pk, limit))


def _hidden_ids_uncached(model, person: Person, limit: int) -> list[int]:
    """Records of `model` that `person` must not see, decided here independently of the selectors."""
    qs = model._default_manager.all()
    if issubclass(model, PartyScoped):
        from django.db.models import Q

        qs = qs.filter((Q(visibility=Visibility.INTERNAL) & ~Q(owner_party=person.party_id))
                       | Q(clearance__gt=person.clearance))
    elif model is ChangeProposal:
        qs = qs.filter(status=ChangeProposal.Status.DRAFT).exclude(party=person.party_id)
    elif model._meta.label in {"notifications.Notification", "notifications.Notice"}:
        qs = qs.exclude(person=person)
    elif model._meta.label == "notifications.Job":
        qs = qs.exclude(created_by=person)
    elif model._meta.label in {"parties.ApiToken", "documents.CalendarFeedToken"}:
        qs = qs.exclude(person=person)  # a person's own credentials
    elif model._meta.label == "otp_totp.TOTPDevice":
        qs = qs.exclude(user=person)
    elif model._meta.label == "audit.AuditEvent":
        qs = qs.filter(internal_to__isnull=False).exclude(internal_to=person.party_id)
    else:
        return []  # a joint kind: nothing of it is hidden by party or clearance
    return list(qs.order_by("-pk").values_list("pk", flat=True)[:limit])


def secrets_for(person: Person) -> list[str]:
    return list(_secrets(person.pk))


@functools.cache
def _secrets(person_pk: int) -> tuple[str, ...]:
    person = Person.objects.get(pk=person_pk)
    """Distinctive texts of records hidden from `person` (generic phrases also used openly are dropped)."""
    hidden: set[str] = set()
    for pk in hidden_ids(Report, person, 1000):
        hidden.add(Report.objects.get(pk=pk).text)
    for pk in hidden_ids(ChangeProposal, person, 1000):
        proposal = ChangeProposal.objects.get(pk=pk)
        hidden |= {proposal.proposed_text, proposal.comment}
    for pk in hidden_ids(Material, person, 1000):
        material = Material.objects.get(pk=pk)
        hidden |= {material.title, material.description}
    visible = set(Report.objects.exclude(pk__in=hidden_ids(Report, person, 1000)).values_list("text", flat=True))
    visible |= set(Clause.objects.values_list("text", flat=True))
    return tuple(sorted(s for s in hidden if len(s) >= 20 and s not in visible))


def _leaks(body: str, secrets: list[str]) -> list[str]:
    found = []
    for secret in secrets:
        escaped = json.dumps(secret)[1:-1]
        html = secret.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&#x27;")
        if secret in body or escaped in body or html in body:
            found.append(secret)
    return found


# --- enumeration ------------------------------------------------------------------------------------

_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>|\(\?P<(?P<rname>\w+)>(?P<body>[^()]*(?:\([^()]*\))?[^()]*)\)")


def _route_text(pattern) -> str:
    text = str(pattern.pattern)
    return text.lstrip("^").rstrip("$").replace("\\.", ".").replace("\\Z", "")


def walk(patterns=None, prefix: str = "", owner=None):
    """(template, params, model_admin) for every URL; template has {name} placeholders."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        text = _route_text(entry)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + text, owner)
        elif isinstance(entry, URLPattern):
            yield prefix + text, getattr(entry.callback, "model_admin", None)


def expand(template: str) -> tuple[str, list[str], dict[str, list[str]]]:
    """Template with {name} placeholders, its parameter names, and literal choices for fmt/kind."""
    names: list[str] = []
    choices: dict[str, list[str]] = {}

    def repl(match: re.Match) -> str:
        name = match.group("name") or match.group("rname")
        names.append(name)
        if match.group("body") and "|" in match.group("body") or (match.group("body") or "").isalpha():
            choices[name] = match.group("body").strip("()").split("|")
        return "{" + name + "}"

    return "/" + _PARAM.sub(repl, template), names, choices


def kind_for(path_template: str, param: str, model_admin) -> str | None:
    if model_admin is not None and param in {"object_id", "pk", "id"}:
        return model_admin.model._meta.label
    admin_path = re.match(r"/admin/(\w+)/(\w+)/\{", path_template)
    if admin_path and param in {"object_id", "pk", "id"}:
        return f"{admin_path.group(1)}.{admin_path.group(2)}"  # extra admin views (password, QR code)
    if param in KIND_BY_PARAM:
        return KIND_BY_PARAM[param]
    if param == "pk":
        stripped = path_template.lstrip("/")
        for prefix in sorted(KIND_BY_PREFIX, key=len, reverse=True):
            if stripped.startswith(prefix):
                return KIND_BY_PREFIX[prefix]
    return None


# --- fixtures ---------------------------------------------------------------------------------------

@pytest.fixture
def demo(db, settings, tmp_path):  # type: ignore[no-untyped-def]
    """The demo, loaded for each of the (few, large) tests below."""
    settings.MEDIA_ROOT = tmp_path
    settings.AXES_ENABLED = False
    settings.COLLEGIUM_REQUIRE_2FA = False
    call_command("demo", verbosity=0, stdout=io.StringIO())
    people = {p.username: p for p in Person.objects.filter(username__in=ROLES)}
    assert set(people) == set(ROLES)
    _hidden_ids.cache_clear()  # ids are per database; each test loads its own demo
    _secrets.cache_clear()
    clients = {}
    for name, person in people.items():
        client = Client()
        client.force_login(person)
        clients[name] = client
    return people, clients


def _get(client: Client, url: str, method: str = "get"):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, data="{}", content_type="application/json")


# --- the matrix ---------------------------------------------------------------------------------------

def _demo_has_records_to_hide(people):
    by = people["by-secretariat"]
    assert hidden_ids(Report, by) and hidden_ids(ChangeProposal, by) and hidden_ids(Material, by)
    assert hidden_ids(Material, people["ru-press"])  # above an OPEN clearance
    assert hidden_ids(Material, people["ru-secretariat"])  # the Belarusian internal position
    assert secrets_for(by)


def test_every_url_and_api_operation_with_a_record_id_answers_hidden_like_missing(demo):
    people, clients = demo
    _demo_has_records_to_hide(people)
    _check_urls(people, clients)
    _check_api(people, clients)


def test_no_list_search_export_or_count_shows_hidden_records(demo):
    _check_lists(*demo)
    _check_counts(*demo)


def _check_urls(people, clients):
    problems: list[str] = []
    unfilled: list[str] = []
    checked = 0
    for template, model_admin in walk():
        path_template, params, choices = expand(template)
        if not params or path_template.startswith(SKIP_PREFIXES) or path_template.startswith("/api/"):
            continue  # no record in the URL (lists are checked below); the API is checked from its schema
        kinds = {}
        for param in params:
            if param in choices:
                continue
            if param in NOT_A_RECORD:
                if NOT_A_RECORD[param]:
                    kinds = None
                    break
                continue
            kind = kind_for(path_template, param, model_admin)
            if kind is None:
                unfilled.append(f"{path_template} ({param})")
                kinds = None
                break
            kinds[param] = _model(kind)
        if not kinds:
            continue
        fixed = {name: values[0] for name, values in choices.items()}
        for role in ROLES:
            person, client = people[role], clients[role]
            secrets = secrets_for(person)
            for param, model in kinds.items():
                others = {p: str(hidden_ids(m, person, 1)[:1] or [MISSING_ID][0]) if p != param else None
                          for p, m in kinds.items()}
                for hidden in hidden_ids(model, person):
                    values = {**fixed, **others, param: str(hidden)}
                    missing = {**values, param: str(MISSING_ID)}
                    for method in ("get", "post"):
                        got = _get(client, path_template.format(**values), method)
                        ref = _get(client, path_template.format(**missing), method)
                        checked += 1
                        where = f"{method.upper()} {path_template.format(**values)} as {role}"
                        if got.status_code != ref.status_code or got.status_code == 200:
                            problems.append(f"{where}: {got.status_code} (missing answers {ref.status_code})")
                        if got.status_code in (301, 302) and got.get("Location") != ref.get("Location", "").replace(
                                str(MISSING_ID), str(hidden)):
                            problems.append(f"{where}: redirects to {got.get('Location')}")
                        leaked = _leaks(got.content.decode(errors="replace"), secrets)
                        if leaked:
                            problems.append(f"{where}: shows {leaked[0][:60]!r}")
    assert not unfilled, "URL parameters the matrix cannot fill (map them): " + ", ".join(unfilled)
    assert checked > 100
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])


def _check_api(people, clients):
    schema = clients["ru-secretariat"].get("/api/openapi.json").json()
    problems: list[str] = []
    unfilled: list[str] = []
    checked = 0
    for path, operations in schema["paths"].items():
        params = re.findall(r"\{(\w+)\}", path)
        if not params:
            continue
        kinds, fixed = {}, {}
        for param in params:
            spec = next((p for op in operations.values() for p in op.get("parameters", [])
                         if p["name"] == param), {})
            enum = spec.get("schema", {}).get("enum")
            if enum or param in {"fmt", "kind"}:
                # A format or document kind, not a record: any accepted literal will do.
                fixed[param] = enum[0] if enum else {"fmt": "docx", "kind": "programme"}[param]
                continue
            kind = kind_for(path, param, None)
            if kind is None:
                unfilled.append(f"{path} ({param})")
                break
            kinds[param] = _model(kind)
        else:
            for role in ROLES:
                person, client = people[role], clients[role]
                secrets = secrets_for(person)
                for param, model in kinds.items():
                    others = {p: str(hidden_ids(m, person, 1)[:1] or [MISSING_ID][0])
                              for p, m in kinds.items() if p != param}
                    for hidden in hidden_ids(model, person):
                        values = {**fixed, **others, param: str(hidden)}
                        missing = {**values, param: str(MISSING_ID)}
                        for method in operations:
                            got = _get(client, path.format(**values), method)
                            ref = _get(client, path.format(**missing), method)
                            checked += 1
                            where = f"{method.upper()} {path.format(**values)} as {role}"
                            if got.status_code != ref.status_code or got.status_code == 200:
                                problems.append(f"{where}: {got.status_code} (missing answers {ref.status_code})")
                            if method == "get" and got.status_code != 404:
                                problems.append(f"{where}: read answers {got.status_code}, not 404")
                            leaked = _leaks(got.content.decode(errors="replace"), secrets)
                            if leaked:
                                problems.append(f"{where}: shows {leaked[0][:60]!r}")
    assert not unfilled, "API parameters the matrix cannot fill (map them): " + ", ".join(unfilled)
    assert checked > 50
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])


def _check_lists(people, clients):
    schema = clients["ru-secretariat"].get("/api/openapi.json").json()
    urls = []
    for template, _admin in walk():
        path_template, params, _choices = expand(template)
        if not params and not path_template.startswith(SKIP_PREFIXES):
            urls.append(path_template)
    urls += [path for path, ops in schema["paths"].items() if "{" not in path and "get" in ops]
    problems: list[str] = []
    for role in ROLES:
        person, client = people[role], clients[role]
        secrets = secrets_for(person)
        words = {w for s in secrets for w in re.findall(r"\w{8,}", s)}
        role_urls = list(urls)
        for word in sorted(words)[:6]:
            role_urls += [f"/search/?q={word}", f"/api/search?q={word}"]
        # Pages about joint records that carry hidden parts (materials, reports, drafts) inside them.
        for session in Session.objects.all():
            role_urls += [f"/sessions/{session.pk}/", f"/api/sessions/{session.pk}"]
        for resolution in Resolution.objects.all():
            role_urls += [f"/resolutions/{resolution.pk}/", f"/api/resolutions/{resolution.pk}"]
        for obligation in Obligation.objects.filter(reports__visibility=Visibility.INTERNAL).distinct()[:15]:
            role_urls += [f"/obligations/{obligation.pk}/", f"/api/obligations/{obligation.pk}"]
        for url in role_urls:
            response = client.get(url)
            if response.status_code >= 500:
                problems.append(f"GET {url} as {role}: {response.status_code}")
            content_type = response.get("Content-Type", "")
            if "html" not in content_type and "json" not in content_type and "text" not in content_type:
                continue  # binary exports are checked by the documents tests
            body = b"".join(response.streaming_content) if response.streaming else response.content
            leaked = _leaks(body.decode(errors="replace"), secrets)
            if leaked:
                problems.append(f"GET {url} as {role}: shows {leaked[0][:60]!r}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])


def _check_counts(people, clients):
    """The obligation API counts reports; a hidden report must not be counted for the other party."""
    for role in ("by-secretariat", "by-head"):
        person = people[role]
        hidden = Report.objects.filter(pk__in=hidden_ids(Report, person, 1000))
        for obligation in Obligation.objects.filter(reports__in=hidden).distinct()[:5]:
            visible = obligation.reports.exclude(pk__in=hidden).count()
            data = clients[role].get(f"/api/obligations/{obligation.pk}").json()
            reports = data.get("reports")
            if isinstance(reports, list):
                assert len(reports) == visible, (role, obligation.pk, len(reports), visible)
            for key in ("report_count", "reports_count"):
                if key in data:
                    assert data[key] == visible, (role, obligation.pk, key)


_ = (AgendaItem, ExtensionRequest)  # kinds named by label above; imported so a rename breaks loudly
