"""The REST API root: one NinjaAPI, each domain adds its router."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="Collegium API", version="1", urls_namespace="api")
