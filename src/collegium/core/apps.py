from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "collegium.core"
    label = "core"

    def ready(self) -> None:
        from collegium.core.sqlite import install

        connection_created.connect(install, dispatch_uid="collegium-sqlite-unicode-like")
        # Every process (web, worker, CLI) must invalidate the page cache when it writes.
        from collegium.core import pagecache  # noqa: F401
