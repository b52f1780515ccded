"""The library in the Wagtail admin: listing, filters, "used in", import and export, settings."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.models import Site

from articles.factories import ArticlePageFactory
from sources.factories import SourceFactory
from sources.models import CitationStyle, ImportStatus, ReferenceSettings, Source, SourceImport
from tests.sources.helpers import cite, paragraph, publish

pytestmark = pytest.mark.django_db

LISTING = "/admin/snippets/sources/source/"


def test_listing_columns_filters_and_used_in(admin_client, article_index, parse):
    cited = SourceFactory(title="Cited twice", authors=[("Catalá", "Eva"), ("Barba", "Pere")])
    SourceFactory(title="A report", kind="report")
    for _ in range(2):
        publish(ArticlePageFactory(parent=article_index, body=[paragraph(f"<p>{cite(cited)}</p>")]))
    soup = parse(admin_client.get(LISTING))
    headings = [th.get_text(" ", strip=True) for th in soup.select("table thead th")]
    assert {"Title", "First author", "Year", "Kind", "Used in"} <= set(headings)
    row = next(tr for tr in soup.select("table tbody tr") if "Cited twice" in tr.get_text())
    assert "Catalá et al." in row.get_text() and "2 pages" in row.get_text()
    filtered = parse(admin_client.get(LISTING + "?kind=report"))
    assert [a.get_text(strip=True) for a in filtered.select("table tbody td.title a")][:1] == [
        "A report"
    ]
    assert "Cited twice" not in filtered.select_one("table tbody").get_text()


def test_admin_export_uses_the_listing_filters(admin_client):
    SourceFactory(title="Kept", kind="report")
    SourceFactory(title="Left out")
    response = admin_client.get("/admin/sources-library/export/bibtex/?kind=report")
    text = response.content.decode()
    assert "Kept" in text and "Left out" not in text


def test_import_previews_then_writes_on_confirm(admin_client, parse):
    SourceFactory(title="Already here", year=2020)
    upload = SimpleUploadedFile(
        "refs.ris",
        b"TY  - JOUR\nTI  - New work\nPY  - 2021\nER  -\n\n"
        b"TY  - JOUR\nTI  - Already here\nPY  - 2020\nER  -\n",
    )
    response = admin_client.post("/admin/sources-library/import/", {"file": upload}, follow=True)
    rows = [tr.get_text(" ", strip=True) for tr in parse(response).select("tbody tr")]
    assert rows[0].startswith("1 New work (2021) Create")
    assert (
        "Skip: the library already has this source, with the same title and year: "
        "Already here (2020)" in rows[1]
    )
    assert Source.objects.count() == 1  # nothing written before confirming
    confirm = parse(response).select_one("form button[name=confirm]").find_parent("form")
    response = admin_client.post(confirm["action"], {"confirm": "1"}, follow=True)
    assert "1 created, 0 merged, 1 skipped as duplicates" in response.content.decode()
    assert Source.objects.filter(title="New work").exists()


def test_malformed_upload_names_the_line_and_writes_nothing(admin_client, parse):
    upload = SimpleUploadedFile(
        "refs.bib", b"@article{good, title={A}, year={2020}}\n@article{bad,\n"
    )
    response = admin_client.post("/admin/sources-library/import/", {"file": upload}, follow=True)
    assert "BibTeX entry 'bad' (line 2)" in parse(response).select_one(".error-message").get_text()
    assert not Source.objects.exists()


def test_citation_style_setting_switches_to_apa(home, client, parse):
    source = SourceFactory(title="Styled work", authors=[("Smith", "Jo")], year=2020)
    ReferenceSettings.objects.create(
        site=Site.objects.get(is_default_site=True), citation_style=CitationStyle.APA
    )
    text = (
        parse(client.get(source.get_absolute_url()))
        .select_one(".source-detail__reference")
        .get_text()
    )
    assert text.startswith("Smith, J. (2020).")


def test_citation_feature_converts_between_editor_and_database(home):
    source = SourceFactory(title="Chosen work")
    converter = ContentstateConverter(features=["citation"])
    stored = f"<p>Claim {cite(source, '[1]')}</p>"
    contentstate = converter.from_database_format(stored)
    assert '"type": "CITATION"' in contentstate
    assert f'"id": "{source.pk}"' in contentstate and "Chosen work (2022)" in contentstate
    link = BeautifulSoup(converter.to_database_format(contentstate), "html.parser").a
    assert link.attrs == {"id": str(source.pk), "linktype": "citation"}
    assert link.get_text() == "[1]"


def test_editor_loads_the_citation_plugin(admin_client, article_index):
    page = ArticlePageFactory(parent=article_index)
    content = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "sources/js/citation-feature.js" in content
    assert "wagtailadmin/js/chooser-modal.js" in content  # the modal's onload handlers
    assert "/admin/snippets/choose/sources/source/" in content


def test_source_forms_render(admin_client):
    source = SourceFactory()
    assert admin_client.get("/admin/snippets/sources/source/add/").status_code == 200
    response = admin_client.get(f"/admin/snippets/sources/source/edit/{source.pk}/")
    assert b"Retraction or correction" in response.content


def test_admin_listing_search(admin_client, parse):
    SourceFactory(title="Lentiviral vectors in haemophilia", authors=[("Nathwani", "Amit")])
    SourceFactory(title="CAR-T cells in lymphoma")
    soup = parse(admin_client.get(LISTING + "?q=lentiviral"))
    assert [a.get_text(strip=True) for a in soup.select("table tbody td.title a")][:1] == [
        "Lentiviral vectors in haemophilia"
    ]
    assert "CAR-T cells" not in soup.select_one("table tbody").get_text()


IMPORT = "/admin/sources-library/import/"


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode())


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("deep.json", "[" * 3_000 + "]" * 3_000, "nests brackets or braces more than 16 deep"),
        (
            "braces.bib",
            "@article{x, title={" + "{" * 200_000 + "}" * 200_000 + "}, year={2020}}",
            "nests brackets or braces more than 16 deep",
        ),
        (
            "object.json",
            '[{"id": "x", "title": {"en": "A title"}, "issued": {"date-parts": [[2020]]}}]',
            "CSL-JSON entry 'x' (line 1): 'title' must be text, not an object.",
        ),
        (
            "many.bib",
            "".join(f"@misc{{k{n}, title={{Work {n}}}, year={{2020}}}}\n" for n in range(2_001)),
            "The file holds 2,001 references; one import takes at most 2,000.",
        ),
    ],
    ids=["deep-json", "deep-braces", "title-object", "too-many"],
)
def test_a_file_past_a_limit_is_refused_in_the_admin_and_nothing_is_imported(
    admin_client, parse, name, text, expected
):
    """Each was a 500 (RecursionError, AttributeError) or a 21-second request."""
    response = admin_client.post(IMPORT, {"file": upload(name, text)}, follow=True)

    assert response.status_code == 200
    soup = parse(response)
    error = soup.select_one(".error-message").get_text(" ", strip=True)
    assert error.startswith(f"{name}: Nothing was imported.")
    assert expected in error
    assert soup.select_one("form input[type=file][name=file]")  # ready for the next try
    assert not Source.objects.exists()


def test_the_upload_is_read_in_the_background_and_its_page_follows_it(
    admin_client, parse, settings
):
    """As in production, where a worker (``db_worker``) runs the tasks, the upload request
    only stores the file: its page says where the import is and looks again shortly."""
    from django_tasks import default_task_backend

    # Tasks wait in a queue until the test plays the worker and runs them.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    text = "".join(f"TY  - JOUR\nTI  - Work {n}\nPY  - 2020\nER  -\n\n" for n in range(500))

    def worker_runs() -> None:
        queued = list(default_task_backend.results)
        default_task_backend.clear()
        for result in queued:
            result.task.call(*result.args, **result.kwargs)

    def progress(job) -> str:
        page = parse(admin_client.get(f"{IMPORT}{job.pk}/"))
        return page.select_one(".import-progress").get_text(strip=True)

    response = admin_client.post(IMPORT, {"file": upload("refs.ris", text)}, follow=True)

    job = SourceImport.objects.get()
    assert response.redirect_chain == [(f"{IMPORT}{job.pk}/", 302)]
    soup = parse(response)
    assert soup.select_one(".import-progress").get_text(strip=True) == "Reading the file…"
    assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == "2"
    job.report(75, 500)  # as the task does every 25 entries
    assert progress(job) == "Checking entry 75 of 500 against the library…"

    worker_runs()
    preview = parse(admin_client.get(f"{IMPORT}{job.pk}/"))
    assert len(preview.select("tbody tr")) == 500
    assert preview.find("meta", attrs={"http-equiv": "refresh"}) is None
    action = preview.select_one("form button[name=confirm]").find_parent("form")["action"]
    admin_client.post(action, {"confirm": "1"})
    job.refresh_from_db()
    assert job.status == ImportStatus.WRITING
    assert progress(job) == "Writing the sources…"
    job.report(250, 500)
    assert progress(job) == "Writing source 250 of 500…"
    assert not Source.objects.exists()

    worker_runs()
    done = admin_client.get(f"{IMPORT}{job.pk}/", follow=True)
    assert "Imported: 500 created, 0 merged, 0 skipped as duplicates." in done.content.decode()
    assert Source.objects.count() == 500


def test_confirming_twice_imports_once(admin_client, parse):
    text = "TY  - JOUR\nTI  - Only once\nPY  - 2021\nER  -\n"
    preview = admin_client.post(IMPORT, {"file": upload("once.ris", text)}, follow=True)
    action = parse(preview).select_one("form button[name=confirm]").find_parent("form")["action"]

    admin_client.post(action, {"confirm": "1"})
    again = admin_client.post(action, {"confirm": "1"}, follow=True)

    assert Source.objects.filter(title="Only once").count() == 1
    assert again.status_code == 200


def test_a_failure_while_writing_leaves_the_library_as_it_was(admin_client, parse, monkeypatch):
    text = "".join(f"TY  - JOUR\nTI  - Work {n}\nPY  - 2020\nER  -\n\n" for n in range(3))
    preview = admin_client.post(IMPORT, {"file": upload("refs.ris", text)}, follow=True)
    action = parse(preview).select_one("form button[name=confirm]").find_parent("form")["action"]
    saved = []
    real_save = Source.save

    def save_twice_then_fail(source, **kwargs):
        if len(saved) == 2:
            raise RuntimeError("disk full")
        saved.append(source.title)
        real_save(source, **kwargs)

    monkeypatch.setattr(Source, "save", save_twice_then_fail)
    response = admin_client.post(action, {"confirm": "1"}, follow=True)

    assert saved == ["Work 0", "Work 1"]  # two were written inside the transaction...
    assert not Source.objects.exists()  # ...and rolled back with it
    error = parse(response).select_one(".error-message").get_text(strip=True)
    assert "Nothing was imported: the import stopped on an unexpected error (RuntimeError)" in error


def test_an_import_is_seen_by_its_uploader_only(admin_client, client, parse):
    preview = admin_client.post(
        IMPORT, {"file": upload("mine.ris", "TY  - JOUR\nTI  - Mine\nPY  - 2021\nER  -\n")}
    )
    other = get_user_model().objects.create_superuser("other", "o@example.com", "pw")
    client.force_login(other)

    assert client.get(preview["Location"]).status_code == 404
    assert client.post(preview["Location"], {"confirm": "1"}).status_code == 404
    assert not Source.objects.exists()


def test_imports_left_for_a_day_are_forgotten_at_the_next_upload(admin_client):
    from datetime import timedelta

    from django.utils import timezone

    text = "TY  - JOUR\nTI  - Left unconfirmed\nPY  - 2021\nER  -\n"
    admin_client.post(IMPORT, {"file": upload("left.ris", text)})
    left = SourceImport.objects.get()
    assert left.status == ImportStatus.READY and left.text == text
    SourceImport.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))

    admin_client.post(IMPORT, {"file": upload("next.ris", text.replace("Left", "Next"))})

    assert [job.filename for job in SourceImport.objects.all()] == ["next.ris"]
