"""Admin views: importing a file (upload, preview, confirm) and exporting a filtered listing."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from sources.formats import (
    CONTENT_TYPES,
    EXTENSIONS,
    FORMATS,
    ImportFormatError,
    guess_format,
    read,
    write,
)
from sources.importing import apply_import, plan_import
from sources.models import Source

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SESSION_KEY = "sources-import"


class ImportForm(forms.Form):
    file = forms.FileField(help_text="A .bib, .ris or .json (CSL-JSON) file, up to 5 MB.")
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


def import_sources(request):
    """Step 1 uploads and previews; step 2 (``confirm``) writes, all or nothing."""
    _check_permission(request, "add")
    index_url = reverse("wagtailsnippets_sources_source:list")
    if request.method == "POST" and "confirm" in request.POST:
        pending = request.session.pop(SESSION_KEY, None)
        if not pending:
            messages.error(request, "Nothing to import: upload the file again.")
            return redirect("sources_admin:import")
        try:
            counts = apply_import(plan_import(read(pending["text"], pending["format"])))
        except ImportFormatError as error:
            messages.error(request, f"Nothing was imported. {error}")
            return redirect("sources_admin:import")
        messages.success(
            request,
            f"Imported: {counts['create']} created, {counts['merge']} merged, "
            f"{counts['skip']} skipped as duplicates.",
        )
        return redirect(index_url)

    form = ImportForm(request.POST or None, request.FILES or None)
    plans = None
    if request.method == "POST" and form.is_valid():
        try:
            plans = plan_import(read(form.cleaned_data["text"], form.cleaned_data["format"]))
        except ImportFormatError as error:
            form.add_error("file", f"Nothing was imported. {error}")
        else:
            request.session[SESSION_KEY] = {
                "text": form.cleaned_data["text"],
                "format": form.cleaned_data["format"],
            }
    return TemplateResponse(
        request,
        "sources/admin/import.html",
        {"form": form, "plans": plans, "index_url": index_url, "page_title": "Import sources"},
    )


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
