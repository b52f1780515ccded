"""``manage.py backup``: the database and media folder in one archive (helix.backups)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from helix.backups import BackupError, create_backup, default_archive_name


class Command(BaseCommand):
    help = "Back up the database and the media folder into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=".",
            help="Archive file, or a folder to put a dated archive in (default: here).",
        )
        parser.add_argument("--database", default="default", help="Database alias to back up.")

    def handle(self, *args, output: str, database: str, **options):
        destination = Path(output)
        if destination.is_dir() or output.endswith("/"):
            destination = destination / default_archive_name()
        try:
            summary = create_backup(destination, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        database_size = filesizeformat(summary.database_bytes)
        media_size = filesizeformat(summary.media_bytes)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {summary.vendor} database ({database_size})"
                f" and {summary.media_files} media files ({media_size}) to {summary.path}"
            )
        )
