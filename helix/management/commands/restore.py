"""``manage.py restore``: load a ``manage.py backup`` archive into an empty site."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from helix.backups import BackupError, restore_backup, unapplied_migrations


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database and an empty media folder "
        "(create the database first; point DATABASE_URL and MEDIA_ROOT at them)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A .tar.gz archive made by `manage.py backup`.")
        parser.add_argument("--database", default="default", help="Database alias to restore into.")

    def handle(self, *args, archive: str, database: str, **options):
        try:
            summary = restore_backup(Path(archive), using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        database_size = filesizeformat(summary.database_bytes)
        media_size = filesizeformat(summary.media_bytes)
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the {summary.vendor} database ({database_size})"
                f" and {summary.media_files} media files ({media_size}) from {summary.path}"
            )
        )
        pending = unapplied_migrations(database)
        if pending:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup predates this code: run `manage.py migrate` "
                    f"({len(pending)} migrations to apply, first {pending[0]})."
                )
            )
