"""Import of each format (malformed files write nothing) and the export round trip."""

import json
from datetime import date
from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from sources.factories import SourceFactory
from sources.formats import ImportFormatError, read, write
from sources.importing import import_text
from sources.models import NoticeKind, Source

pytestmark = pytest.mark.django_db

BIBTEX = r"""
@article{catala2022,
  author = {Catal{\'a}, Eva and Iacoboni, Gloria and Barba, Pere},
  title = {Therapy with T lymphocytes with chimeric antigen receptor (CAR-T)},
  journal = {Medicina Cl{\'\i}nica},
  year = {2022},
  volume = {158},
  number = {7},
  pages = {327--332},
  doi = {https://doi.org/10.1016/J.MEDCLI.2021.10.005},
  keywords = {CAR-T, lymphoma},
}

@online{fda2023,
  author = {{U.S. Food and Drug Administration}},
  title = {FDA approves first gene therapy for Duchenne},
  year = {2023},
  month = jun,
  url = {https://www.fda.gov/news},
  urldate = {2025-03-14},
}
"""

RIS = """TY  - JOUR
TI  - Advances and challenges in the development of gene therapy
AU  - Smith, Jo
AU  - Human Gene Therapy Editors
JO  - Human Gene Therapy
PY  - 2023
VL  - 34
SP  - 1
EP  - 9
DO  - 10.1089/hum.2023.001
ER  -

TY  - NEWS
TI  - How gene therapy is emerging from its dark age
JO  - Nature
PY  - 2022
DA  - 2022/05/18/
ER  -
"""

CSL_JSON = """[
  {
    "id": "einstein",
    "type": "article-journal",
    "title": "Gene therapy: advances, challenges and perspectives",
    "container-title": "Einstein (São Paulo)",
    "author": [{"family": "Gonçalves", "given": "Giulliana"}],
    "issued": {"date-parts": [[2017]]},
    "PMID": "29091160"
  }
]"""


def test_bibtex_import():
    plans, counts = import_text(BIBTEX, "bibtex")
    assert counts == {"create": 2, "merge": 0, "skip": 0}
    catala = Source.objects.get(doi="10.1016/j.medcli.2021.10.005")
    assert catala.container_title == "Medicina Clínica"
    assert catala.pages == "327-332"
    assert [(a.family, a.given) for a in catala.authors.all()] == [
        ("Catalá", "Eva"),
        ("Iacoboni", "Gloria"),
        ("Barba", "Pere"),
    ]
    assert sorted(t.name for t in catala.tags.all()) == ["CAR-T", "lymphoma"]
    fda = Source.objects.get(year=2023)
    assert fda.kind == "webpage" and fda.month == 6 and fda.accessed == date(2025, 3, 14)
    (author,) = fda.authors.all()
    assert author.is_organisation and author.family == "U.S. Food and Drug Administration"


def test_ris_import():
    _, counts = import_text(RIS, "ris")
    assert counts["create"] == 2
    article = Source.objects.get(doi="10.1089/hum.2023.001")
    assert (article.volume, article.pages, article.kind) == ("34", "1-9", "article-journal")
    assert [(a.family, a.is_organisation) for a in article.authors.all()] == [
        ("Smith", False),
        ("Human Gene Therapy Editors", True),
    ]
    news = Source.objects.get(kind="article-newspaper")
    assert (news.year, news.month, news.day) == (2022, 5, 18)


def test_csl_json_import():
    import_text(CSL_JSON, "csl-json")
    source = Source.objects.get()
    assert (source.pmid, source.container_title) == ("29091160", "Einstein (São Paulo)")


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        (
            "bibtex",
            BIBTEX + "\n@article{broken,\n  title = {Unclosed,\n  year = 2020\n",
            "BibTeX entry 'broken' (line 23)",
        ),
        (
            "bibtex",
            "@article{noyear, title = {A title}}\n",
            "'noyear' (line 1) has no four-digit year",
        ),
        (
            "ris",
            RIS + "\nTY  - JOUR\nTI  - Bad one\nthis line is wrong\nER  -\n",
            "(line 20) is malformed at line 22",
        ),
        ("ris", "TY  - JOUR\nTI  - Bad DOI\nPY  - 2020\nDO  - nonsense\nER  -\n", "Enter a DOI"),
        ("csl-json", CSL_JSON[:-3], "not valid JSON at line"),
        (
            "csl-json",
            '[{"id": "ok", "title": "Fine", "issued": {"date-parts": [[2020]]}},\n'
            ' {"id": "missing-year", "title": "No date"}]',
            "entry 'missing-year' (line 2) has no issued year",
        ),
    ],
)
def test_malformed_files_name_the_entry_and_line_and_write_nothing(fmt, text, expected):
    with pytest.raises(ImportFormatError) as error:
        import_text(text, fmt)
    assert expected in str(error.value)
    assert not Source.objects.exists()


def test_import_skips_and_merges_duplicates():
    existing = SourceFactory(
        title="Therapy with T lymphocytes with chimeric antigen receptor (CAR-T)", year=2022
    )
    SourceFactory(
        title="FDA approves first gene therapy for Duchenne",
        year=2023,
        month=6,
        url="https://www.fda.gov/news",
        accessed=date(2025, 3, 14),
    )
    plans, counts = import_text(BIBTEX, "bibtex", dry_run=True)
    assert [plan.action for plan in plans] == ["merge", "skip"]
    assert "doi" in plans[0].merged_fields
    existing.refresh_from_db()
    assert existing.doi == ""  # a dry run writes nothing
    import_text(BIBTEX, "bibtex")
    existing.refresh_from_db()
    assert existing.doi == "10.1016/j.medcli.2021.10.005"
    assert Source.objects.count() == 2


@pytest.fixture
def library():
    SourceFactory(
        title="Therapy with CAR-T cells: a decade",
        container_title="Medicina Clínica",
        year=2022,
        month=3,
        volume="158",
        issue="7",
        pages="327-332",
        doi="10.1016/j.medcli.2021.10.005",
        pmid="34815084",
        authors=[("Catalá", "Eva"), ("Iacoboni", "Gloria")],
        notice_kind=NoticeKind.CORRECTION,
        notice_date=date(2023, 1, 2),
        notice_url="https://example.org/erratum",
        tags=["CAR-T", "lymphoma"],
    )
    SourceFactory(
        kind="regulatory",
        title="FDA approves first gene therapy for Duchenne",
        container_title="FDA News Release",
        publisher="U.S. Food and Drug Administration",
        year=2023,
        month=6,
        day=22,
        url="https://www.fda.gov/news",
        accessed=date(2025, 3, 14),
        language="en",
        authors=[("U.S. Food and Drug Administration", "")],
    )
    SourceFactory(kind="clinical-trial", title="A CAR-T trial", year=2021, nct_number="NCT01234567")


SNAPSHOT_FIELDS = [
    "kind", "title", "container_title", "publisher", "year", "month", "day", "volume", "issue",
    "pages", "doi", "pmid", "pmcid", "nct_number", "url", "accessed", "language",
    "notice_kind", "notice_date", "notice_url",
]  # fmt: skip


def snapshot() -> list[tuple]:
    rows = []
    for source in Source.objects.prefetch_related("authors", "tags").order_by("title"):
        authors = tuple((a.family, a.given, a.is_organisation) for a in source.authors.all())
        tags = tuple(sorted(t.name for t in source.tags.all()))
        rows.append((*[getattr(source, f) for f in SNAPSHOT_FIELDS], authors, tags))
    return rows


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csl-json"])
def test_export_then_import_into_an_empty_library_gives_the_same_sources(library, fmt):
    before = snapshot()
    assert before[2][-1] == ("CAR-T", "lymphoma")
    exported = write(list(Source.objects.prefetch_related("authors", "tags")), fmt)
    Source.objects.all().delete()
    import_text(exported, fmt)
    assert snapshot() == before
    assert len(read(exported, fmt)) == 3


def test_management_commands(library, tmp_path):
    path = tmp_path / "library.json"
    out = StringIO()
    call_command("export_sources", "--format", "csl-json", "-o", str(path), stdout=out)
    assert "Exported 3 sources" in out.getvalue()
    Source.objects.all().delete()
    out = StringIO()
    call_command("import_sources", str(path), stdout=out)
    assert "Imported: 3 created, 0 merged, 0 skipped as duplicates." in out.getvalue()
    assert "create  A CAR-T trial (2021)" in out.getvalue()
    bad = tmp_path / "bad.ris"
    bad.write_text("TY  - JOUR\nnot ris\n")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_sources", str(bad), stdout=StringIO())
    assert Source.objects.count() == 3


#: kind: (fields of the source, entry type and fields a reference manager reads)
BIBTEX_KINDS = {
    "article-journal": (
        {"container_title": "Molecular Therapy", "volume": "31", "issue": "2", "pages": "1-9"},
        "article",
        {"journal": "Molecular Therapy", "volume": "31", "number": "2", "pages": "1--9"},
    ),
    "book": ({"publisher": "Springer"}, "book", {"publisher": "Springer"}),
    "report": (
        {"publisher": "WHO", "container_title": "Technical series", "issue": "1021"},
        "techreport",
        {"institution": "WHO", "series": "Technical series", "number": "1021"},
    ),
    "article-newspaper": (
        {"container_title": "The Guardian", "url": "https://theguardian.com/x"},
        "article",
        {
            "journal": "The Guardian",
            "entrysubtype": "newspaper",
            "url": "https://theguardian.com/x",
        },
    ),
    "webpage": (
        {"container_title": "ASGCT", "url": "https://asgct.org/p", "accessed": date(2025, 1, 2)},
        "online",
        {"organization": "ASGCT", "url": "https://asgct.org/p", "urldate": "2025-01-02"},
    ),
    "regulatory": (
        {"publisher": "European Medicines Agency", "container_title": "EPAR"},
        "techreport",
        {"institution": "European Medicines Agency", "type": "Regulatory document"},
    ),
    "clinical-trial": (
        {"container_title": "ClinicalTrials.gov", "nct_number": "NCT01234567"},
        "misc",
        {"howpublished": "ClinicalTrials.gov", "nct": "NCT01234567"},
    ),
    "dataset": (
        {"container_title": "Zenodo", "doi": "10.5281/zenodo.1"},
        "dataset",
        {"organization": "Zenodo", "doi": "10.5281/zenodo.1"},
    ),
}


@pytest.mark.parametrize("kind", list(BIBTEX_KINDS))
def test_each_kind_exports_as_the_bibtex_a_reference_manager_reads_back(kind):
    import bibtexparser

    fields, entry_type, bib_fields = BIBTEX_KINDS[kind]
    source = SourceFactory(kind=kind, title=f"A {kind} work", year=2024, **fields)
    exported = write([source], "bibtex")

    (entry,) = bibtexparser.parse_string(exported).entries
    assert entry.entry_type == entry_type
    parsed = {name: str(field.value) for name, field in entry.fields_dict.items()}
    assert {name: parsed.get(name) for name in bib_fields} == bib_fields
    assert "helixkind" not in parsed  # the kind travels in standard fields only
    if kind != "article-journal":
        assert parsed.get("journal", "") in {"", fields.get("container_title")}

    Source.objects.all().delete()
    import_text(exported, "bibtex")
    imported = Source.objects.get()
    assert imported.kind == kind
    for name, value in fields.items():
        assert getattr(imported, name) == value, name


def test_files_from_before_the_mapping_keep_their_kind():
    old = "@techreport{x, title={A trial record}, year={2020}, helixkind={clinical-trial}}"
    assert read(old, "bibtex")[0].fields["kind"] == "clinical-trial"


# Limits: a file past one is refused whole, saying which limit and what to do.

CSL_ITEM = {"id": "typed", "title": "A title", "issued": {"date-parts": [[2020]]}}


def bibtex_entries(count: int) -> str:
    return "".join(f"@article{{k{n}, title={{Work {n}}}, year={{2020}}}}\n" for n in range(count))


def ris_records(count: int) -> str:
    return "".join(f"TY  - JOUR\nTI  - Work {n}\nPY  - 2020\nER  -\n\n" for n in range(count))


def csl_items(count: int) -> str:
    return json.dumps(
        [
            {"id": f"k{n}", "title": f"Work {n}", "issued": {"date-parts": [[2020]]}}
            for n in range(count)
        ]
    )


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("csl-json", "[" * 3_000 + "]" * 3_000),  # 6 KB: a RecursionError, a 500
        ("csl-json", '[{"id": "x", "title": ' + '{"a": ' * 3_000 + "1" + "}" * 3_000 + "}]"),
        ("bibtex", "@article{x, title={" + "{" * 200_000 + "}" * 200_000 + "}, year={2020}}"),
    ],
    ids=["csl-json-lists", "csl-json-objects", "bibtex-braces"],
)
def test_deep_nesting_is_refused_before_parsing(fmt, text):
    with pytest.raises(ImportFormatError) as error:
        import_text(text, fmt)
    assert "Line 1 nests brackets or braces more than 16 deep" in str(error.value)
    assert not Source.objects.exists()


def test_brackets_inside_json_text_are_not_nesting():
    title = "[" * 50 + "A bracketed title" + "}" * 50
    item = {"id": "x", "title": title, "issued": {"date-parts": [[2020]]}}
    import_text(json.dumps([item]), "csl-json")
    assert Source.objects.get().title == title


@pytest.mark.parametrize(
    ("fmt", "build"),
    [("bibtex", bibtex_entries), ("ris", ris_records), ("csl-json", csl_items)],
)
def test_more_references_than_one_import_takes_are_refused(fmt, build):
    from sources.formats.base import MAX_ENTRIES

    with pytest.raises(ImportFormatError) as error:
        import_text(build(MAX_ENTRIES + 1), fmt)
    assert str(error.value) == (
        "The file holds 2,001 references; one import takes at most 2,000. "
        "Split it into smaller files and import each one."
    )
    assert not Source.objects.exists()
    assert len(read(build(3), fmt)) == 3


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        (
            "bibtex",
            "@article{long, title={" + "x" * 10_001 + "}, year={2020}}",
            "BibTeX entry 'long' (line 1): its title field is 10,001 characters long; "
            "a field holds at most 10,000.",
        ),
        (
            "ris",
            "TY  - JOUR\nTI  - Fine\nPY  - 2020\nAB  - " + "x" * 10_001 + "\nER  -\n",
            "RIS entry 'Fine' (line 1): line 4 is longer than a field may be (10,000 characters).",
        ),
        (
            "csl-json",
            json.dumps([{**CSL_ITEM, "id": "long", "abstract": "x" * 10_001}]),
            "CSL-JSON entry 'long' (line 1): its abstract field is 10,001 characters long",
        ),
    ],
    ids=["bibtex", "ris", "csl-json"],
)
def test_a_field_longer_than_any_reference_needs_is_refused(fmt, text, expected):
    with pytest.raises(ImportFormatError) as error:
        import_text(text, fmt)
    assert expected in str(error.value)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"title": {"text": "An object"}}, "'title' must be text, not an object."),
        ({"title": ["A", "list"]}, "'title' must be text, not a list."),
        ({"container-title": 7}, "'container-title' must be text, not a number."),
        ({"volume": 12.5}, "'volume' must be text or a whole number, not a number."),
        ({"DOI": True}, "'DOI' must be text, not true or false."),
        ({"type": ["article"]}, "'type' must be text, not a list."),
        ({"author": "Smith, Jo"}, "'author' must be a list, not text"),
        ({"author": ["Smith, Jo"]}, "each author must be an object, not text"),
        ({"author": [{"family": {"x": 1}}]}, "'family' must be text, not an object."),
        ({"issued": [2020]}, "'issued' must be an object, not a list."),
        ({"issued": {"date-parts": [[10**30]]}}, "has an unreadable date."),
        ({"accessed": {"date-parts": [[2020, 2, 30]]}}, "[2020, 2, 30] is not a date."),
        ({"custom": {"tags": [{"a": 1}]}}, "each tag must be text, not an object."),
        ({"custom": {"notice_date": 20200101}}, "'notice_date' must be text, not a number."),
    ],
)
def test_csl_json_values_of_the_wrong_type_are_refused_by_name(changes, expected):
    with pytest.raises(ImportFormatError) as error:
        import_text(json.dumps([{**CSL_ITEM, **changes}]), "csl-json")
    assert str(error.value).startswith("CSL-JSON entry 'typed' (line 1)")
    assert expected in str(error.value)
    assert not Source.objects.exists()


def test_csl_json_numbers_where_csl_allows_them_are_read_as_text():
    item = {**CSL_ITEM, "volume": 12, "issue": 3, "page": 45, "PMID": 29091160}
    import_text(json.dumps([item]), "csl-json")
    source = Source.objects.get()
    assert (source.volume, source.issue, source.pages, source.pmid) == ("12", "3", "45", "29091160")


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        ("bibtex", "@article{x, title={T}, year={2020}, pmid={²}}", "A PMID is a PubMed number"),
        ("bibtex", "@article{x, title={T}, year={2020}, month={²}, day={²}}", None),
        ("ris", "TY  - JOUR\nTI  - T\nPY  - 2020\nDA  - 2020/xx/²/\nER  -\n", None),
        ("ris", "TY  - JOUR\nTI  - T\nPY  - 2020\nUR  - http://x.org:99999/\nER  -\n", "URL"),
    ],
)
def test_odd_digits_and_ports_are_refused_or_left_out(fmt, text, expected):
    """ "²" passes str.isdigit() but not int(), and a port past 65535 makes urlsplit raise."""
    if expected is None:
        import_text(text, fmt)
        assert (Source.objects.get().month, Source.objects.get().day) == (None, None)
        return
    with pytest.raises(ImportFormatError) as error:
        import_text(text, fmt)
    assert expected in str(error.value)


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csl-json"])
def test_control_characters_never_reach_the_database(fmt):
    """PostgreSQL refuses a NUL in a query: checking the library for a duplicate of a DOI
    with one in it was a 500. Values lose control characters as they are read."""
    values = {"title": "Gene\x00 therapy\x0b", "doi": "10.1000/ab\x00c", "author": "Smith\x00, Jo"}
    text = {
        "bibtex": "@article{{x, title={{{title}}}, doi={{{doi}}}, author={{{author}}}, "
        "year={{2020}}, keywords={{gene\x00}}}}",
        "ris": "TY  - JOUR\nTI  - {title}\nDO  - {doi}\nAU  - {author}\nPY  - 2020\n"
        "KW  - gene\x00\nER  -\n",
        "csl-json": None,
    }[fmt]
    if fmt == "csl-json":
        family, given = values["author"].split(", ")
        item = {**CSL_ITEM, "title": values["title"], "DOI": values["doi"]}
        item["author"] = [{"family": family, "given": given}]
        item["custom"] = {"tags": ["gene\x00"]}
        text = json.dumps([item])
    else:
        text = text.format(**values)

    import_text(text, fmt)

    source = Source.objects.get()
    assert (source.title, source.doi) == ("Gene therapy", "10.1000/abc")
    assert [(a.family, a.given) for a in source.authors.all()] == [("Smith", "Jo")]
    assert [t.name for t in source.tags.all()] == ["gene"]
