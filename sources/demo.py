"""Demo content for the reference library: the references of the seed articles.

Other apps' demo loaders cite these through ``seed_source(key)``. Idempotent:
sources are found by title and year before anything is created.
"""

from datetime import date

from sources.models import Source, SourceAuthor, SourceKind

SEED_SOURCES: dict[str, dict] = {
    "einstein-2017": {
        "kind": SourceKind.JOURNAL_ARTICLE,
        "title": "Gene therapy: advances, challenges and perspectives",
        "container_title": "Einstein (São Paulo)",
        "publisher": "Instituto Israelita de Ensino e Pesquisa Albert Einstein",
        "year": 2017,
        "authors": [],
        "tags": ["gene therapy", "review"],
    },
    "missouri-2022": {
        "kind": SourceKind.WEB_PAGE,
        "title": "Gene therapy and genetic engineering",
        "container_title": "University of Missouri School of Medicine",
        "publisher": "University of Missouri School of Medicine",
        "year": 2022,
        "authors": [("University of Missouri School of Medicine", "", True)],
        "tags": ["gene therapy", "education"],
    },
    "amgen-2022": {
        "kind": SourceKind.WEB_PAGE,
        "title": "What does the future of biotechnology therapies look like?",
        "container_title": "Amgen Biotechnology",
        "publisher": "Amgen",
        "year": 2022,
        "authors": [("Amgen", "", True)],
        "tags": ["biotechnology"],
    },
    "hgt-2023": {
        "kind": SourceKind.JOURNAL_ARTICLE,
        "title": "Advances and challenges in the development of gene therapy",
        "container_title": "Human Gene Therapy",
        "year": 2023,
        "authors": [],
        "tags": ["gene therapy", "review"],
    },
    "nature-2022": {
        "kind": SourceKind.NEWS_ARTICLE,
        "title": "How gene therapy is emerging from its 'dark age'",
        "container_title": "Nature",
        "year": 2022,
        "authors": [],
        "tags": ["gene therapy", "history"],
    },
    "catala-2022": {
        "kind": SourceKind.JOURNAL_ARTICLE,
        "title": (
            "Therapy with T lymphocytes with chimeric antigen receptor (CAR-T) in patients "
            "with aggressive B-cell lymphoma. Current perspective after a decade of treatment"
        ),
        "container_title": "Medicina Clínica",
        "year": 2022,
        "volume": "158",
        "issue": "7",
        "pages": "327-332",
        "doi": "10.1016/j.medcli.2021.10.005",
        "authors": [
            ("Catalá", "Eva", False),
            ("Iacoboni", "Gloria", False),
            ("Barba", "Pere", False),
        ],
        "tags": ["CAR-T", "lymphoma"],
    },
    "puerto-2023": {
        "kind": SourceKind.NEWS_ARTICLE,
        "title": (
            "A new Spanish CAR-T therapy achieves complete remission in 67% of patients "
            "with multiple myeloma"
        ),
        "container_title": "Medicina Responsable",
        "year": 2023,
        "month": 7,
        "day": 5,
        "url": "https://medicinaresponsable.com/enfermedades/terapia-cart-contra-mieloma-multiple",
        "language": "es",
        "authors": [("Puerto", "G.", False)],
        "tags": ["CAR-T", "multiple myeloma"],
    },
    "fda-2023-duchenne": {
        "kind": SourceKind.REGULATORY_DOCUMENT,
        "title": (
            "FDA approves first gene therapy for treatment of certain patients with "
            "Duchenne muscular dystrophy"
        ),
        "container_title": "FDA News Release",
        "publisher": "U.S. Food and Drug Administration",
        "year": 2023,
        "month": 6,
        "day": 22,
        "url": (
            "https://www.fda.gov/news-events/press-announcements/"
            "fda-approves-first-gene-therapy-treatment-certain-patients-duchenne-muscular-dystrophy"
        ),
        "accessed": date(2025, 3, 14),
        "authors": [("U.S. Food and Drug Administration", "", True)],
        "tags": ["Duchenne muscular dystrophy", "regulation"],
    },
    # Regulator announcements the therapy profiles can cite for their approvals.
    "fda-2017-kymriah": {
        "kind": SourceKind.REGULATORY_DOCUMENT,
        "title": "FDA approval brings first gene therapy to the United States",
        "container_title": "FDA News Release",
        "publisher": "U.S. Food and Drug Administration",
        "year": 2017,
        "month": 8,
        "day": 30,
        "url": (
            "https://www.fda.gov/news-events/press-announcements/"
            "fda-approval-brings-first-gene-therapy-united-states"
        ),
        "authors": [("U.S. Food and Drug Administration", "", True)],
        "tags": ["CAR-T", "regulation"],
    },
    "fda-2022-hemgenix": {
        "kind": SourceKind.REGULATORY_DOCUMENT,
        "title": "FDA approves first gene therapy to treat adults with hemophilia B",
        "container_title": "FDA News Release",
        "publisher": "U.S. Food and Drug Administration",
        "year": 2022,
        "month": 11,
        "day": 22,
        "url": (
            "https://www.fda.gov/news-events/press-announcements/"
            "fda-approves-first-gene-therapy-treat-adults-hemophilia-b"
        ),
        "authors": [("U.S. Food and Drug Administration", "", True)],
        "tags": ["haemophilia", "regulation"],
    },
}


def seed_source(key: str) -> Source:
    """The library's copy of a seed reference (the loader must have run)."""
    data = SEED_SOURCES[key]
    return Source.objects.get(title=data["title"], year=data["year"])


def citation(key: str) -> str:
    """A rich-text citation of a seed source, for other demo loaders' paragraphs.

    The page numbers it when saved, e.g. ``f"<p>CAR-T works{citation('catala-2022')}.</p>"``.
    """
    return f'<a linktype="citation" id="{seed_source(key).pk}">[*]</a>'


def load(stdout=None) -> None:
    """Add any seed source the library lacks (found by title and year)."""
    for data in SEED_SOURCES.values():
        fields = {k: v for k, v in data.items() if k not in {"authors", "tags"}}
        if Source.objects.filter(title=fields["title"], year=fields["year"]).exists():
            continue
        source = Source(**fields)
        source.authors = [
            SourceAuthor(family=family, given=given, is_organisation=is_org)
            for family, given, is_org in data["authors"]
        ]
        source.save()
        source.tags.set(data["tags"])
        source.save()
