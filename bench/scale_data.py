"""A large, realistic data set for measuring Helix at scale (``manage.py generate_scale_data``).

Why not the demo loaders or factories: they save pages one by one through
Wagtail (a revision, signals, tree locking per page), which takes hours at
100,000 articles. Here every table is filled with bulk inserts, and Wagtail's
tree is written the way treebeard would write it:

* each new page gets the next materialised ``path`` under its parent (4
  base-36 characters a level), ``depth``, ``numchild`` 0 and a ``url_path``;
  the parent's ``numchild`` is raised once per batch;
* the ``wagtailcore_page`` rows are inserted first (their ids come back), then
  the specific model's own table with ``page_ptr_id`` set (``bulk_create``
  refuses multi-table models, so the child rows go through ``_insert``);
* pages are live, with ``draft_title``, ``content_type``, locale, a
  ``translation_key`` and publication dates, but no revision: the admin edit
  view and the public pages work from the page row itself (tested), and 100,000
  copies of every body would double the database for nothing.

Bodies are StreamFields with headings, paragraphs citing the library and key
figures; the citation markers carry the numbers ``sources.citing`` would write,
and the ``Citation`` rows ("Cited by") are inserted alongside. Tags, authors,
sections, therapy links, conditions, approvals, trials and threaded comments
(mostly approved, some pending, spam or trash) complete the picture. Pages are
added to Wagtail's search index in bulk unless ``index=False`` (then run
``manage.py update_index``). Wagtail's reference index (the snippet "Usage"
counts) is not filled: ``manage.py rebuild_references_index`` does that.

Everything runs in one transaction: a failure leaves nothing half-made. The
same ``seed`` on the same starting database gives the same data; running again
appends more (slugs, DOIs and tree positions continue from what exists).
"""

from __future__ import annotations

import json
import random
import re
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import router, transaction
from django.db.models import F
from django.utils.text import slugify

from taggit.models import Tag
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend
from wagtail.search.index import SearchField

from sources.citing import CitationCollector

#: Dates are spread back from this fixed moment, so a seed always gives the same data.
ANCHOR = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
ARTICLE_YEARS = 10

TOPICS = [
    "AAV vectors", "lentiviral vectors", "CAR-T cells", "base editing", "prime editing",
    "CRISPR-Cas9", "antisense oligonucleotides", "RNA interference", "lipid nanoparticles",
    "haematopoietic stem cells", "retinal gene therapy", "liver-directed gene therapy",
    "immune responses", "manufacturing", "long-term follow-up", "paediatric trials",
    "health technology assessment", "outcomes-based payment", "germline editing",
    "newborn screening", "oncolytic viruses", "exon skipping", "gene silencing",
    "capsid engineering", "dose finding", "vector shedding", "biodistribution",
]  # fmt: skip
CONDITION_NAMES = [
    "Haemophilia A", "Haemophilia B", "Sickle cell disease", "Beta thalassaemia",
    "Duchenne muscular dystrophy", "Spinal muscular atrophy", "Leber congenital amaurosis",
    "Retinitis pigmentosa", "Cystic fibrosis", "Huntington's disease", "Parkinson's disease",
    "Multiple myeloma", "B-cell lymphoma", "Acute lymphoblastic leukaemia", "Fabry disease",
    "Pompe disease", "Metachromatic leukodystrophy", "Adrenoleukodystrophy",
    "Severe combined immunodeficiency", "Wiskott-Aldrich syndrome", "Choroideremia",
    "Hereditary angioedema", "Transthyretin amyloidosis", "Phenylketonuria",
    "Ornithine transcarbamylase deficiency", "Glioblastoma", "Melanoma",
    "Friedreich's ataxia", "Rett syndrome", "Mucopolysaccharidosis type I",
]  # fmt: skip
WORDS = [
    "gene", "therapy", "vector", "patients", "trial", "dose", "cells", "protein", "expression",
    "durable", "response", "safety", "efficacy", "follow-up", "regulators", "approval",
    "access", "cost", "delivery", "liver", "muscle", "retina", "blood", "marrow", "immune",
    "antibodies", "editing", "repair", "mutation", "copy", "function", "clinic", "hospital",
    "centre", "families", "evidence", "study", "phase", "endpoint", "benefit", "risk", "years",
    "months", "children", "adults", "infusion", "injection", "manufacturing", "quality",
    "biomarker", "registry", "outcome", "remission", "relapse"
]  # fmt: skip
FAMILY_NAMES = [
    "García", "López", "Martín", "Sánchez", "Pérez", "Gómez", "Smith", "Jones", "Brown",
    "Wilson", "Taylor", "Müller", "Schmidt", "Rossi", "Russo", "Dubois", "Moreau", "Wang", "Li",
    "Zhang", "Chen", "Tanaka", "Suzuki", "Kim", "Park", "Okafor", "Mensah", "Silva", "Santos",
    "Novak", "Kowalski", "Andersen", "Nielsen", "Cohen", "Levi", "Singh", "Patel", "Ibáñez",
    "Ortiz", "Greene"
]  # fmt: skip
GIVEN_NAMES = [
    "Ana", "Eva", "Pere", "Gloria", "Marta", "Daniel", "Samuel", "Jon", "Laura", "Sofia",
    "Lucas", "Hugo", "Mei", "Wei", "Yuki", "Ji-woo", "Amara", "Kwame", "Lena", "Jonas", "Elena",
    "Marco", "Claire", "Louis", "Priya", "Ravi", "Noa", "David", "Carmen", "Pablo"
]  # fmt: skip
JOURNALS = [
    "Human Gene Therapy", "Molecular Therapy", "Nature Medicine", "The Lancet",
    "New England Journal of Medicine", "Blood", "Gene Therapy", "Medicina Clínica",
    "Journal of Clinical Oncology", "Nature Biotechnology", "Cell", "BMJ",
]  # fmt: skip
COMMENT_LINES = [
    "Thank you for explaining this so clearly.",
    "Is this treatment available in Spain yet?",
    "My daughter was in a similar trial; the follow-up visits matter a lot.",
    "How long does the effect last after a single dose?",
    "The reference list is very useful, I read two of the papers.",
    "What does it cost, and who pays for it?",
    "Could you write about the side effects in more detail?",
    "Our patient group would like to share this article.",
    "I am a nurse and the section on infusion matches what we see.",
    "Are there age limits for this therapy?",
]


@dataclass
class Sizes:
    """How much to generate; the defaults are a quick local run, not the issue's scale."""

    articles: int = 1000
    therapies: int = 50
    sources: int = 500
    comments: int = 5000
    seed: int = 1
    batch_size: int = 2000
    index: bool = True


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def lines(self) -> list[str]:
        rows = [f"  {name:<20} {self.counts.get(name, 0):>10,}" for name in self.counts]
        steps = [f"  {name:<20} {seconds:>9.1f} s" for name, seconds in self.timings.items()]
        total = sum(self.timings.values())
        return ["Created:", *rows, "Timings:", *steps, f"  {'total':<20} {total:>9.1f} s"]


def chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


TAG = re.compile(r"<[^>]+>")


def block_text(blocks: list[dict]) -> str:
    """The words Wagtail's search would take from a body: headings, paragraphs, figures."""
    texts = []
    for block in blocks:
        value = block["value"]
        if block["type"] == "paragraph":
            texts.append(TAG.sub(" ", value))
        elif block["type"] == "heading":
            texts += [value["text"], "Section (h2)"]
        elif block["type"] == "key_figure":
            texts += [value["number"], value["label"]]
    return ", ".join(texts)


@contextmanager
def bulk_indexing() -> Iterator[None]:
    """Make Wagtail's PostgreSQL search backend cheap for generated pages.

    Its indexer reads every search field five times per object (once per index
    column) and renders StreamFields with a query per body for the sources of key
    figures; it also recomputes the title norms of the whole index after each
    batch. Inside this block, fields that the generator already knows as text
    (``obj.search_texts``) are taken from there and each field is read once, and
    the norms are refreshed once at the end. Other backends are left as they are.
    """
    try:
        from modelsearch.backends.database.postgres import postgres
    except ImportError:  # pragma: no cover - the backend ships with Wagtail
        yield
        return

    class PreparedIndexer(postgres.ObjectIndexer):
        def prepare_field(self, obj, field):
            known = getattr(obj, "search_texts", {})
            if isinstance(field, SearchField) and field.field_name in known:
                yield (field, postgres.get_weight(field.boost), known[field.field_name])
                return
            memo = self.__dict__.setdefault("_memo", {})
            key = (id(obj), id(field))
            if key not in memo:
                memo[key] = list(super().prepare_field(obj, field))
            yield from memo[key]

    original_indexer = postgres.ObjectIndexer
    refresh = postgres.PostgresIndex._refresh_title_norms
    postgres.ObjectIndexer = PreparedIndexer
    postgres.PostgresIndex._refresh_title_norms = lambda self, full=False: None
    try:
        yield
    finally:
        postgres.ObjectIndexer = original_indexer
        postgres.PostgresIndex._refresh_title_norms = refresh
    backend = get_search_backend()
    if isinstance(backend, postgres.PostgresSearchBackend):
        backend.get_index_for_model(Page)._refresh_title_norms()


class PageAppender:
    """Appends children under one parent in bulk, writing treebeard's fields by hand.

    The next ``path`` step follows the parent's last existing child, so pages
    added by the admin or a previous run keep their places.
    """

    def __init__(self, parent: Page, model: type[Page]):
        self.parent = Page.objects.get(pk=parent.pk)
        self.model = model
        self.depth = self.parent.depth + 1
        last = (
            Page.objects.filter(path__startswith=self.parent.path, depth=self.depth)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        self.next_step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
        self.content_type_id = ContentType.objects.get_for_model(model).pk
        self.locale_id = self.parent.locale_id or Locale.get_default().pk
        self.page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
        self.own_fields = list(model._meta.local_concrete_fields)
        self.db = router.db_for_write(model)

    def slug(self, title: str, offset: int) -> str:
        """Unique among siblings: the tree position is part of it."""
        return f"{slugify(title)[:60].strip('-')}-{self.next_step + offset}"

    def append(self, pages: list[Page], rng: random.Random) -> None:
        for page in pages:
            step = self.next_step
            self.next_step += 1
            page.path = self.parent.path + Page._int2str(step).rjust(Page.steplen, "0")
            page.depth = self.depth
            page.numchild = 0
            page.url_path = f"{self.parent.url_path}{page.slug}/"
            page.draft_title = page.title
            page.content_type_id = self.content_type_id
            page.locale_id = self.locale_id
            page.translation_key = uuid.UUID(int=rng.getrandbits(128), version=4)
            page.live = True
            page.has_unpublished_changes = False
        rows = [
            Page(**{f.attname: getattr(page, f.attname) for f in self.page_fields})
            for page in pages
        ]
        Page.objects.bulk_create(rows)
        for page, row in zip(pages, rows, strict=True):
            page.pk = page.id = page.page_ptr_id = row.pk
        self.model._base_manager._insert(pages, fields=self.own_fields, using=self.db)
        Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + len(pages))


class ScaleData:
    """Generates the data set; ``run()`` returns what it made and how long each step took."""

    def __init__(self, sizes: Sizes, log: Callable[[str], None] = lambda message: None):
        self.sizes = sizes
        self.rng = random.Random(sizes.seed)
        self.log = log
        self.report = Report()
        self.search = get_search_backend() if sizes.index else None

    # Helpers -------------------------------------------------------------

    def step(self, name: str, function: Callable[[], int]) -> None:
        start = time.perf_counter()
        self.report.counts[name] = function()
        self.report.timings[name] = time.perf_counter() - start
        self.log(f"{name}: {self.report.counts[name]:,} in {self.report.timings[name]:.1f} s")

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choices(WORDS, k=self.rng.randint(low, high)))

    def sentence(self) -> str:
        text = self.words(8, 18)
        return text[0].upper() + text[1:] + "."

    def when(self, years: int) -> datetime:
        return ANCHOR - timedelta(seconds=self.rng.randrange(years * 365 * 86400))

    def index_pages(self, model, pages: list) -> None:
        if self.search is not None and pages:
            self.search.add_bulk(model, pages)

    # Site tree and vocabularies -----------------------------------------

    def site_tree(self) -> int:
        """The home page and both index pages, made by the demo loaders when missing."""
        from demo.loader import site_tree

        _home, self.article_index, self.therapy_index = site_tree()
        return 3

    def vocabularies(self) -> int:
        from articles.models import Author, Section
        from demo.loader import read_content
        from therapies.models import Condition

        made = 0
        self.sections = []
        for data in read_content()["articles"]["sections"]:
            section, created = Section.objects.get_or_create(
                slug=data["slug"],
                defaults={"name": data["name"], "description": data.get("description", "")},
            )
            self.sections.append(section.pk)
            made += created
        self.tags = []
        names = [*TOPICS, *CONDITION_NAMES]
        names += [f"{a} and {b}" for a, b in zip(TOPICS, reversed(TOPICS), strict=True)]
        for name in names:
            tag = Tag.objects.filter(name=name).first()
            if tag is None:
                tag = Tag.objects.create(name=name)
                made += 1
            self.tags.append(tag.pk)
        # Zipf-like popularity: a few tags are on thousands of articles, most on few.
        self.tag_weights = [1 / (rank + 1) for rank in range(len(self.tags))]
        self.authors = []
        # 200 authors at full size (500 articles each); fewer for small runs.
        for number in range(1, min(200, max(5, self.sizes.articles // 500)) + 1):
            given, family = self.rng.choice(GIVEN_NAMES), self.rng.choice(FAMILY_NAMES)
            author, created = Author.objects.get_or_create(
                slug=f"scale-author-{number}",
                defaults={"name": f"{given} {family}", "credentials": "PhD, science writer"},
            )
            self.authors.append(author.pk)
            made += created
        self.conditions = []
        wanted = max(len(CONDITION_NAMES), self.sizes.therapies // 4)
        for number in range(wanted):
            base = CONDITION_NAMES[number % len(CONDITION_NAMES)]
            name = base if number < len(CONDITION_NAMES) else f"{base} type {number // 30 + 1}"
            condition, created = Condition.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "synonyms": base}
            )
            self.conditions.append(condition.pk)
            made += created
        return made

    # Sources -------------------------------------------------------------

    def sources(self) -> int:
        from sources.identifiers import normalise_title
        from sources.models import Source, SourceAuthor, SourceKind, SourceTag

        kinds = [SourceKind.JOURNAL_ARTICLE] * 8 + [SourceKind.NEWS_ARTICLE, SourceKind.WEB_PAGE]
        offset = Source.objects.count()
        for batch in chunks(range(self.sizes.sources), self.sizes.batch_size):
            sources = []
            for number in batch:
                serial = offset + number + 1
                topic = self.rng.choice(TOPICS)
                title = f"{self.words(3, 8).capitalize()} in {topic}: study {serial}"
                kind = self.rng.choice(kinds)
                journal = kind == SourceKind.JOURNAL_ARTICLE
                sources.append(
                    Source(
                        kind=kind,
                        title=title,
                        title_key=normalise_title(title),
                        container_title=self.rng.choice(JOURNALS),
                        year=self.rng.randint(1995, 2025),
                        month=self.rng.randint(1, 12),
                        volume=str(self.rng.randint(1, 400)) if journal else "",
                        issue=str(self.rng.randint(1, 12)) if journal else "",
                        pages=f"{(p := self.rng.randint(1, 900))}-{p + self.rng.randint(3, 20)}"
                        if journal
                        else "",
                        doi=f"10.{self.rng.randint(1000, 9999)}/helix-scale.{serial}"
                        if journal
                        else "",
                        pmid=str(40_000_000 + serial)
                        if journal and self.rng.random() < 0.7
                        else "",
                        url="" if journal else f"https://news.example/{serial}",
                        notes=self.sentence(),
                    )
                )
            Source.objects.bulk_create(sources)
            authors, tags = [], []
            for source in sources:
                for order in range(self.rng.randint(1, 6)):
                    authors.append(
                        SourceAuthor(
                            source=source,
                            family=self.rng.choice(FAMILY_NAMES),
                            given=self.rng.choice(GIVEN_NAMES),
                            sort_order=order,
                        )
                    )
                for tag in set(self.rng.choices(self.tags, self.tag_weights, k=2)):
                    tags.append(SourceTag(content_object=source, tag_id=tag))
            SourceAuthor.objects.bulk_create(authors)
            SourceTag.objects.bulk_create(tags)
        self.source_ids = list(Source.objects.values_list("pk", flat=True))
        return self.sizes.sources

    # Bodies and citations ------------------------------------------------

    def cite(self, collector: CitationCollector) -> str:
        source_id = self.rng.choice(self.source_ids)
        number, marker_id = collector.cite_in_text(source_id)
        occurrence = marker_id.rsplit("-", 1)[1]
        return (
            f'<a linktype="citation" id="{source_id}" number="{number}" '
            f'occurrence="{occurrence}">[{number}]</a>'
        )

    def paragraph(self, collector: CitationCollector) -> str:
        parts = []
        for _ in range(self.rng.randint(1, 3)):
            sentences = [self.sentence() for _ in range(self.rng.randint(2, 5))]
            if self.source_ids and self.rng.random() < 0.6:
                sentences[-1] = sentences[-1][:-1] + self.cite(collector) + "."
            parts.append(f"<p>{' '.join(sentences)}</p>")
        return "".join(parts)

    def key_figure(self, collector: CitationCollector) -> dict:
        source_id = self.rng.choice(self.source_ids) if self.source_ids else None
        if source_id is not None:
            collector.cite(source_id)
        return {
            "number": f"{self.rng.randint(2, 99)}%",
            "label": self.words(4, 9),
            "citation": source_id,
        }

    def body(self, collector: CitationCollector, sections: int) -> list[dict]:
        """Raw StreamField data in reading order, so the collector numbers as the page would."""
        blocks = [{"type": "paragraph", "value": self.paragraph(collector)}]
        for _ in range(sections):
            heading = self.words(2, 5).capitalize()
            blocks.append({"type": "heading", "value": {"text": heading, "level": "h2"}})
            blocks.append({"type": "paragraph", "value": self.paragraph(collector)})
            if self.rng.random() < 0.3:
                blocks.append({"type": "key_figure", "value": self.key_figure(collector)})
        for block in blocks:
            block["id"] = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        return blocks

    @staticmethod
    def citation_rows(page_id: int, collector: CitationCollector) -> list:
        from sources.models import Citation

        return [
            Citation(page_id=page_id, source_id=source_id, number=number)
            for source_id, number in collector.numbers.items()
        ]

    # Therapies -----------------------------------------------------------

    def therapies(self) -> int:
        from sources.models import Citation
        from therapies.choices import (
            ApprovalStatus,
            DeliveryRoute,
            Modality,
            Regulator,
            TherapeuticAim,
            Vector,
        )
        from therapies.models import ClinicalTrial, TherapyApproval, TherapyPage, TherapyTag

        appender = PageAppender(self.therapy_index, TherapyPage)
        regulators = [r for r in Regulator.values if r != Regulator.OTHER]
        for batch in chunks(range(self.sizes.therapies), self.sizes.batch_size):
            pages, collectors = [], []
            for offset, _ in enumerate(batch):
                collector = CitationCollector()
                topic = self.rng.choice(TOPICS)
                title = f"{self.rng.choice(CONDITION_NAMES)} {topic} therapy"
                published = self.when(8)
                key_figures = [
                    {
                        "type": "key_figure",
                        "value": self.key_figure(collector),
                        "id": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
                    }
                    for _ in range(self.rng.randint(1, 3))
                ]
                body = self.body(collector, self.rng.randint(2, 4))
                challenges = self.paragraph(collector)
                therapy = TherapyPage(
                    title=title,
                    slug=appender.slug(title, offset),
                    summary=self.sentence() + " " + self.sentence(),
                    also_known_as=f"HX-{self.rng.randint(100, 999)}",
                    modality=self.rng.choice(Modality.values),
                    aim=self.rng.choice(TherapeuticAim.values),
                    vector=self.rng.choice(Vector.values),
                    delivery_route=self.rng.choice(DeliveryRoute.values),
                    target_genes=", ".join(
                        self.rng.sample(
                            ["F8", "F9", "DMD", "SMN1", "HBB", "RPE65", "CFTR", "CD19", "BCMA"],
                            2,
                        )
                    ),
                    key_figures=json.dumps(key_figures),
                    body=json.dumps(body),
                    challenges=challenges,
                    further_reading="[]",
                    first_published_at=published,
                    last_published_at=published,
                )
                therapy.search_texts = {"body": block_text(body)}
                pages.append(therapy)
                collectors.append(collector)
            appender.append(pages, self.rng)
            through = TherapyPage.conditions.through
            links, approvals, trials, tags, citations = [], [], [], [], []
            for page, collector in zip(pages, collectors, strict=True):
                for condition in set(self.rng.choices(self.conditions, k=self.rng.randint(1, 3))):
                    links.append(through(therapypage_id=page.pk, condition_id=condition))
                for order, regulator in enumerate(
                    self.rng.sample(regulators, self.rng.randint(0, 3))
                ):
                    approvals.append(
                        TherapyApproval(
                            page_id=page.pk,
                            regulator=regulator,
                            product_name=page.also_known_as,
                            status=self.rng.choice(ApprovalStatus.values),
                            date=date(self.rng.randint(2012, 2025), self.rng.randint(1, 12), 1),
                            indication=self.words(5, 12),
                            sort_order=order,
                        )
                    )
                for order in range(self.rng.randint(0, 3)):
                    trials.append(
                        ClinicalTrial(
                            page_id=page.pk,
                            nct_number=f"NCT{self.rng.randrange(10**8):08d}",
                            title=self.words(5, 10).capitalize(),
                            phase=f"Phase {self.rng.randint(1, 3)}",
                            sort_order=order,
                        )
                    )
                for tag in set(self.rng.choices(self.tags, self.tag_weights, k=3)):
                    tags.append(TherapyTag(content_object_id=page.pk, tag_id=tag))
                citations += self.citation_rows(page.pk, collector)
            through.objects.bulk_create(links)
            TherapyApproval.objects.bulk_create(approvals)
            ClinicalTrial.objects.bulk_create(trials)
            TherapyTag.objects.bulk_create(tags)
            Citation.objects.bulk_create(citations)
            self.index_pages(TherapyPage, pages)
        self.therapy_ids = list(
            TherapyPage.objects.child_of(self.therapy_index).values_list("pk", flat=True)
        )
        return self.sizes.therapies

    # Articles ------------------------------------------------------------

    def articles(self) -> int:
        from articles.models import ArticleAuthor, ArticlePage, ArticleTag, ArticleTherapy
        from sources.models import Citation

        appender = PageAppender(self.article_index, ArticlePage)
        self.commentable: list[tuple[int, datetime]] = []
        done, start = 0, time.perf_counter()
        for batch in chunks(range(self.sizes.articles), self.sizes.batch_size):
            pages, collectors = [], []
            for offset, _ in enumerate(batch):
                collector = CitationCollector()
                topic = self.rng.choice(TOPICS)
                title = f"{self.words(3, 7).capitalize()}: {topic}"
                published = self.when(ARTICLE_YEARS)
                further = [
                    {
                        "type": "source",
                        "value": pk,
                        "id": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
                    }
                    for pk in self.rng.sample(
                        self.source_ids, min(len(self.source_ids), self.rng.randint(0, 2))
                    )
                ]
                body = self.body(collector, self.rng.randint(2, 5))
                article = ArticlePage(
                    title=title,
                    slug=appender.slug(title, offset),
                    standfirst=self.sentence(),
                    section_id=self.rng.choice(self.sections),
                    body=json.dumps(body),
                    further_reading=json.dumps(further),
                    first_published=published,
                    first_published_at=published,
                    last_published_at=published,
                )
                article.search_texts = {"body": block_text(body)}
                pages.append(article)
                collectors.append(collector)
            appender.append(pages, self.rng)
            authors, tags, therapies, citations = [], [], [], []
            for page, collector in zip(pages, collectors, strict=True):
                for order, author in enumerate(
                    self.rng.sample(self.authors, self.rng.randint(1, 2))
                ):
                    authors.append(
                        ArticleAuthor(page_id=page.pk, author_id=author, sort_order=order)
                    )
                for tag in set(
                    self.rng.choices(self.tags, self.tag_weights, k=self.rng.randint(2, 5))
                ):
                    tags.append(ArticleTag(content_object_id=page.pk, tag_id=tag))
                if self.therapy_ids and self.rng.random() < 0.4:
                    chosen = self.rng.sample(self.therapy_ids, min(2, len(self.therapy_ids)))
                    for order, therapy in enumerate(chosen[: self.rng.randint(1, 2)]):
                        therapies.append(
                            ArticleTherapy(page_id=page.pk, therapy_id=therapy, sort_order=order)
                        )
                citations += self.citation_rows(page.pk, collector)
                self.commentable.append((page.pk, page.first_published))
            ArticleAuthor.objects.bulk_create(authors)
            ArticleTag.objects.bulk_create(tags)
            ArticleTherapy.objects.bulk_create(therapies)
            Citation.objects.bulk_create(citations)
            self.index_pages(ArticlePage, pages)
            done += len(pages)
            elapsed = time.perf_counter() - start
            self.log(f"  articles {done:,}/{self.sizes.articles:,} ({elapsed:.0f} s)")
        return self.sizes.articles

    # Comments ------------------------------------------------------------

    def comments(self) -> int:
        """Threads: 75% on the page, 20% replies, 5% replies to replies; a few busy pages."""
        from comments.models import Comment, Rule, Status

        pages = self.commentable or [
            (pk, ANCHOR - timedelta(days=365)) for pk in getattr(self, "therapy_ids", [])
        ]
        if not pages or not self.sizes.comments:
            return 0
        weights = [1 / (rank + 1) ** 0.6 for rank in range(len(pages))]
        self.rng.shuffle(weights)
        cumulative, total = [], 0.0
        for weight in weights:
            total += weight
            cumulative.append(total)
        total_wanted = self.sizes.comments
        waves = [(1, int(total_wanted * 0.75)), (2, int(total_wanted * 0.20))]
        waves.append((3, total_wanted - waves[0][1] - waves[1][1]))
        statuses = (
            [Status.APPROVED] * 90 + [Status.PENDING] * 6 + [Status.SPAM] * 3 + [Status.TRASH]
        )
        parents: list[tuple[int, int, datetime]] = []
        made = 0
        for depth, wanted in waves:
            next_parents = []
            for batch in chunks(range(wanted), self.sizes.batch_size * 2):
                rows = []
                for _ in batch:
                    if depth == 1 or not parents:
                        page_id, after = self.rng.choices(pages, cum_weights=cumulative)[0]
                        parent_id = None
                    else:
                        parent_id, page_id, after = self.rng.choice(parents)
                    staff = depth > 1 and self.rng.random() < 0.1
                    status = Status.APPROVED if staff else self.rng.choice(statuses)
                    given, family = self.rng.choice(GIVEN_NAMES), self.rng.choice(FAMILY_NAMES)
                    rows.append(
                        Comment(
                            page_id=page_id,
                            parent_id=parent_id,
                            depth=depth if parent_id else 1,
                            name="Helix editors" if staff else f"{given} {family}",
                            email=f"{slugify(given)}.{slugify(family)}{self.rng.randrange(999)}@example.com",
                            body=f"{self.rng.choice(COMMENT_LINES)} {self.sentence()}",
                            status=status,
                            status_before_trash=Status.APPROVED if status == Status.TRASH else "",
                            rule=Rule.STAFF
                            if staff
                            else (Rule.MODERATOR if status != Status.PENDING else Rule.HOLD_ALL),
                            is_staff_reply=staff,
                            created=min(
                                after + timedelta(minutes=self.rng.randrange(60 * 24 * 90)), ANCHOR
                            ),
                        )
                    )
                Comment.objects.bulk_create(rows)
                made += len(rows)
                next_parents += [
                    (row.pk, row.page_id, row.created)
                    for row in rows
                    if row.status == Status.APPROVED
                ]
                self.log(f"  comments {made:,}/{total_wanted:,}")
            parents = next_parents
        return made

    # Running -------------------------------------------------------------

    def run(self) -> Report:
        with transaction.atomic(), bulk_indexing():
            # The same seed on the same database gives the same data; a second run on a
            # grown database draws new values (translation keys must stay unique).
            self.rng.seed(f"{self.sizes.seed}:{Page.objects.count()}")
            self.step("site tree", self.site_tree)
            self.step("vocabulary rows", self.vocabularies)
            self.step("sources", self.sources)
            self.step("therapies", self.therapies)
            self.step("articles", self.articles)
            self.step("comments", self.comments)
        self.forget_cached_pages()
        return self.report

    @staticmethod
    def forget_cached_pages() -> None:
        """Listings cached before the run would not show the new rows: bump their tables."""
        from articles.models import ArticlePage
        from comments.models import Comment
        from helix.cache import bump, table_tag
        from sources.models import Citation, Source
        from therapies.models import TherapyPage

        bump(
            *(
                table_tag(model)
                for model in (Page, ArticlePage, TherapyPage, Source, Citation, Comment)
            )
        )
