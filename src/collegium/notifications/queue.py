"""The one huey instance of Collegium: SQLite file by default, Redis when COLLEGIUM_REDIS_URL is set."""

from __future__ import annotations

from django.conf import settings
from huey import Huey, RedisHuey, SqliteHuey


def build_huey(config: dict | None = None) -> Huey:
    config = dict(config or settings.HUEY)
    immediate = bool(config.get("immediate", False))
    name = config.get("name", "collegium")
    if config.get("backend") == "redis":
        return RedisHuey(name, url=config["redis_url"], immediate=immediate)
    # A generous busy timeout: several workers share one file on a laptop.
    return SqliteHuey(name, filename=config["filename"], immediate=immediate, timeout=30)


huey = build_huey()
