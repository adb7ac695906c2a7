from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from collegium.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore the database and the uploaded files from a backup (replaces current data)"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, file, yes=False, **options):
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        if not yes and input("This replaces all current data. Type 'yes' to continue: ").strip() != "yes":
            raise CommandError("cancelled")
        try:
            manifest = backup_restore(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored {sum(manifest['counts'].values())} records from {file}")
