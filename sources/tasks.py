"""Background work for imports (Django's tasks framework): read and preview, then write.

Each task takes a ``SourceImport`` id and leaves the row done, failed or ready,
whatever happens: a file that cannot be imported says why (``ImportFormatError``),
and an unexpected error is recorded too (and raised again, for the worker's log),
so the admin page never waits on a task that has ended. Writing is one
transaction: a failure leaves the library as it was.
"""

from django_tasks import task

from sources.formats import ImportFormatError, read
from sources.importing import PlannedImport, apply_import, plan_import
from sources.imports import ImportStatus, SourceImport

UNEXPECTED = "Nothing was imported: the import stopped on an unexpected error ({name})."


def preview_row(plan: PlannedImport) -> dict:
    """What the preview table shows of one entry."""
    existing = plan.existing
    return {
        "line": plan.entry.line,
        "title": plan.source.title,
        "year": plan.source.year,
        "action": plan.action,
        "existing_id": existing.pk if existing else None,
        "existing": str(existing) if existing else "",
        "reason": plan.reason,
        "merged_fields": list(plan.merged_fields),
    }


@task()
def preview_import(import_id: int) -> None:
    """Read the file and plan each entry against the library; write nothing."""
    job = SourceImport.objects.get(pk=import_id)
    try:
        job.report(0, 0)
        plans = plan_import(read(job.text, job.format), progress=job.report)
    except ImportFormatError as error:
        job.finish(ImportStatus.FAILED, error=f"Nothing was imported. {error}")
        return
    except Exception as error:
        job.finish(ImportStatus.FAILED, error=UNEXPECTED.format(name=type(error).__name__))
        raise
    job.previewed([preview_row(plan) for plan in plans])


@task()
def write_import(import_id: int) -> None:
    """Write the confirmed file, planned again (the library may have changed since)."""
    job = SourceImport.objects.get(pk=import_id)
    try:
        job.report(0, len(job.preview))
        counts = apply_import(plan_import(read(job.text, job.format)), progress=job.report)
    except ImportFormatError as error:
        job.finish(ImportStatus.FAILED, error=f"Nothing was imported. {error}")
        return
    except Exception as error:
        job.finish(ImportStatus.FAILED, error=UNEXPECTED.format(name=type(error).__name__))
        raise
    job.finish(ImportStatus.DONE, counts=counts)
