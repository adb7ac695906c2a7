"""A real HTTP server on loopback for feed and page tests, and small builders of plan records."""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SEED = Path("/work/shared/seed/000_74c523d1c4d7354c.txt")


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    etag: str = ""
    delay: float = 0.0
    status: int = 200


@dataclass
class Server:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[dict[str, str]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def http_server():  # type: ignore[no-untyped-def]
    state = Server(base="")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # type: ignore[no-untyped-def]
            pass

        def do_GET(self) -> None:  # noqa: N802
            state.requests.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
            route = state.routes.get(self.path)
            if route is None:
                self.send_response(404)
                self.end_headers()
                return
            if route.delay:
                time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            if route.etag:
                self.send_header("ETag", route.etag)
            self.end_headers()
            try:
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def rss(items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 document of (title, description, RFC 822 date) items."""
    entries = "".join(
        f"<item><title>{t}</title><link>http://example.org/{i}</link><description>{d}</description>"
        f"<pubDate>{p}</pubDate></item>" for i, (t, d, p) in enumerate(items))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Лента</title>'
            f"<link>http://example.org/</link><description>Новости</description>{entries}</channel></rss>").encode()


def make_round(world, *, topic: str = "Информационная политика", venue: str = "Минск",  # type: ignore[no-untyped-def]
               period=(dt.date(2026, 1, 1), dt.date(2026, 3, 31))):
    from collegium.consultations.services import plan_create, plan_put_on_control, round_create

    plan = plan_create(actor=world.ru_sec, year=2026, title="План консультаций на 2026 год")
    rnd = round_create(actor=world.ru_sec, plan=plan, topic=topic, level="heads_of_departments",
                       period_start=period[0], period_end=period[1], period_label="I квартал", venue=venue,
                       delegations=[{"party": world.ru, "unit": world.units["ru_info"]},
                                    {"party": world.by, "unit": world.units["by_info"]}])
    plan_put_on_control(plan=plan, issued_on=dt.date(2025, 11, 25))
    return rnd


CONSULTATIONS_TEXT = (
    "МИНСК, 10 марта. /БЕЛТА/. В Минске состоялись консультации по вопросам информационной политики между "
    "МИД России и Белоруссии. Стороны обсудили противодействие фальсификациям и координацию информационной работы."
)
