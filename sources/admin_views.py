"""Admin views: importing a file (upload, preview, confirm) and exporting a filtered listing.

An import is read, previewed and written by background tasks (``sources/tasks.py``):
the upload page stores the file and sends the editor to the import's page, which
shows how far the task is (and refreshes itself while it runs), then the preview
to confirm, then the outcome.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from sources.formats import CONTENT_TYPES, EXTENSIONS, FORMATS, guess_format, write
from sources.formats.base import MAX_ENTRIES, MAX_FIELD_LENGTH, MAX_NESTING
from sources.imports import ImportStatus, SourceImport
from sources.models import Source
from sources.tasks import preview_import, write_import

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: Seconds between two looks at a running import.
REFRESH_SECONDS = 2


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text=(
            f"A .bib, .ris or .json (CSL-JSON) file, up to 5 MB and {MAX_ENTRIES:,} references."
        )
    )
    format = forms.ChoiceField(
        choices=[("", "Guess from the file name"), *FORMATS.items()], required=False
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if not upload:
            return cleaned
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB.")
        fmt = cleaned.get("format") or guess_format(upload.name)
        if not fmt:
            raise forms.ValidationError("Choose the file's format: BibTeX, RIS or CSL-JSON.")
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError("The file is not UTF-8 text.") from error
        cleaned["format"], cleaned["text"] = fmt, text
        return cleaned


def _check_permission(request, action: str) -> None:
    if not request.user.has_perm(f"sources.{action}_source"):
        raise PermissionDenied


def _page(request, form: ImportForm, job: SourceImport | None = None) -> TemplateResponse:
    return TemplateResponse(
        request,
        "sources/admin/import.html",
        {
            "form": form,
            "job": job,
            "index_url": reverse("wagtailsnippets_sources_source:list"),
            "page_title": "Import sources",
            "refresh_seconds": REFRESH_SECONDS,
            "limits": {
                "entries": f"{MAX_ENTRIES:,}",
                "nesting": MAX_NESTING,
                "field_length": f"{MAX_FIELD_LENGTH:,}",
            },
        },
    )


def import_sources(request):
    """Upload a file: it is stored, and read and previewed in the background."""
    _check_permission(request, "add")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, form)
    SourceImport.objects.stale().delete()
    job = SourceImport.objects.create(
        created_by=request.user,
        filename=form.cleaned_data["file"].name[:255],
        format=form.cleaned_data["format"],
        text=form.cleaned_data["text"],
    )
    preview_import.enqueue(job.pk)  # the row is committed: the worker will find it
    return redirect("sources_admin:import-status", job.pk)


def import_status(request, import_id: int):
    """Where an import is; confirming a previewed one (POST) starts the writing."""
    _check_permission(request, "add")
    job = get_object_or_404(SourceImport, pk=import_id, created_by=request.user)
    if request.method == "POST":
        # One confirmation starts the writing: a second click finds the import under way.
        claimed = SourceImport.objects.filter(pk=job.pk, status=ImportStatus.READY).update(
            status=ImportStatus.WRITING
        )
        if claimed:
            write_import.enqueue(job.pk)
        return redirect("sources_admin:import-status", job.pk)
    if job.status == ImportStatus.DONE:
        counts = job.counts
        messages.success(
            request,
            f"Imported: {counts['create']} created, {counts['merge']} merged, "
            f"{counts['skip']} skipped as duplicates.",
        )
        return redirect("wagtailsnippets_sources_source:list")
    # A failed import shows its reason above the upload form, for the next try.
    return _page(request, ImportForm(), job)


def export_sources(request, fmt: str):
    """Export what the admin listing shows, with the same filters."""
    _check_permission(request, "view")
    from sources.wagtail_hooks import SourceFilterSet

    if fmt not in FORMATS:
        fmt = "bibtex"
    queryset = Source.objects.prefetch_related("authors", "tags")
    filterset = SourceFilterSet(request.GET or None, queryset=queryset, request=request)
    sources = filterset.qs if filterset.is_valid() else queryset
    query = request.GET.get("q", "").strip()
    if query:
        sources = sources.filter(pk__in=[s.pk for s in Source.objects.search(query)[:1000]])
    response = HttpResponse(write(list(sources), fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="sources.{EXTENSIONS[fmt]}"'
    return response
