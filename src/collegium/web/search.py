"""Search across the texts a person may read: clauses, obligations, reports, agenda items and
materials. Every internal or classified record goes through visible_q, so another party's
internal report or a material above the person's clearance is never found, nor counted."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from collegium.control.models import Obligation, Report
from collegium.core.selectors import visible_q
from collegium.meetings.models import AgendaItem, Material
from collegium.parties.models import Person
from collegium.resolutions.models import Clause

LIMIT = 20


@dataclass
class SearchResults:
    query: str
    clauses: list[Clause] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    agenda_items: list[AgendaItem] = field(default_factory=list)
    materials: list[Material] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(x) for x in (self.clauses, self.obligations, self.reports, self.agenda_items,
                                    self.materials))


def _words_q(query: str, *fields: str) -> Q:
    """Every word must appear in one of the fields. SQLite folds case for ASCII only, so the
    usual Cyrillic spellings (lower, Capitalised, UPPER) are tried as well."""
    result = Q()
    for word in query.split()[:8]:
        any_field = Q()
        for variant in {word, word.lower(), word.capitalize(), word.upper()}:
            for name in fields:
                any_field |= Q(**{f"{name}__icontains": variant})
        result &= any_field
    return result


def search(person: Person, query: str, limit: int = LIMIT) -> SearchResults:
    query = (query or "").strip()[:200]
    results = SearchResults(query=query)
    if len(query) < 2:
        return results
    results.clauses = list(Clause.objects.filter(_words_q(query, "text"))
                           .select_related("resolution__session").order_by("-resolution__session__date_start",
                                                                           "number")[:limit])
    results.obligations = list(Obligation.objects.filter(_words_q(query, "title", "text"))
                               .select_related("party").order_by("deadline", "id")[:limit])
    results.reports = list(Report.objects.filter(visible_q(person)).filter(_words_q(query, "text"))
                           .select_related("obligation", "owner_party").order_by("-created_at")[:limit])
    results.agenda_items = list(AgendaItem.objects.filter(_words_q(query, "title", "description", "outcome"))
                                .select_related("session").order_by("-session__date_start", "order")[:limit])
    results.materials = list(Material.objects.filter(visible_q(person))
                             .filter(_words_q(query, "title", "description"))
                             .select_related("session", "owner_party").order_by("-uploaded_at")[:limit])
    return results
