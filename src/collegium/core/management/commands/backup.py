from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from collegium.core.backup import backup_create


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one .tar.gz"

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=None)

    def handle(self, *args, out=None, **options):
        from django.conf import settings

        out = out or Path(settings.VAR_DIR) / "backups" / f"collegium-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        manifest = backup_create(out)
        total = sum(manifest["counts"].values())
        self.stdout.write(f"{out}: {total} records, sha256 {manifest['sha256'][:16]}…")
