"""Search across everything this person may read."""

from __future__ import annotations

from django.http import HttpResponse

from collegium.core.http import AuthenticatedRequest
from collegium.web.search import search
from collegium.web.views.base import page, render_htmx


@page
def search_view(request: AuthenticatedRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    results = search(request.user, query)
    return render_htmx(request, "web/search.html", "web/partials/search_results.html",
                       {"results": results, "query": query})
