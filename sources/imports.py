"""An upload on its way into the library, worked on in the background (``sources/tasks.py``).

Reading a file, checking each entry against the library and writing the sources
can take a minute for a large file (BibTeX's LaTeX decoding alone is about 15 µs a
character): longer than a request should wait, so the admin stores the upload as a
``SourceImport``, a task reads and previews it, and after the editor confirms,
another task writes it, all or nothing. The admin page shows where it is.

Progress while a task runs is kept in the cache, shared by the worker and the web
processes: the writing happens inside one transaction, whose row updates no other
connection would see until the end. The outcome (the preview, the counts, the
reason nothing was imported) is on the row.
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone

#: How long a task's progress report lasts without a newer one.
PROGRESS_SECONDS = 60 * 60
#: After this, an import nobody confirmed (or one long finished) is forgotten.
KEPT_FOR = timedelta(days=1)


class ImportStatus(models.TextChoices):
    READING = "reading", "Reading the file"
    READY = "ready", "Previewed, waiting for confirmation"
    WRITING = "writing", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Nothing imported"


class SourceImportQuerySet(models.QuerySet):
    def stale(self) -> "SourceImportQuerySet":
        """Imports not running, started more than ``KEPT_FOR`` ago: nobody comes back to them
        (an unconfirmed preview still holds its file)."""
        running = [ImportStatus.READING, ImportStatus.WRITING]
        return self.filter(created_at__lt=timezone.now() - KEPT_FOR).exclude(status__in=running)


class SourceImport(models.Model):
    """One uploaded file: read and previewed, then written once its uploader confirms."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=16)
    text = models.TextField(blank=True, help_text="The file, until it is imported or refused.")
    status = models.CharField(
        max_length=16, choices=ImportStatus.choices, default=ImportStatus.READING
    )
    preview = models.JSONField(default=list, blank=True, help_text="What each entry would do.")
    counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, help_text="Why nothing was imported.")

    objects = SourceImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in {ImportStatus.READING, ImportStatus.WRITING}

    @property
    def progress_key(self) -> str:
        return f"sources:import:{self.pk}:progress"

    def report(self, done: int, total: int) -> None:
        """Tell the admin page how far the running task is: ``done`` of ``total`` entries."""
        cache.set(self.progress_key, (done, total), PROGRESS_SECONDS)

    @property
    def progress(self) -> tuple[int, int] | None:
        """``(done, total)`` entries of the running task, or None before its first report."""
        return cache.get(self.progress_key)

    def previewed(self, preview: list[dict]) -> None:
        """Read and checked: waiting for its uploader to confirm."""
        self.preview, self.status = preview, ImportStatus.READY
        self.save(update_fields=["preview", "status"])
        cache.delete(self.progress_key)

    def finish(self, status: str, *, error: str = "", counts: dict | None = None) -> None:
        """Done or failed: the file's text is no longer needed."""
        self.status, self.error, self.text = status, error, ""
        self.counts = counts or {}
        self.save(update_fields=["status", "error", "text", "counts"])
        cache.delete(self.progress_key)
