"""A large, realistic data set for measuring Helix at scale (``manage.py generate_scale_data``).

Why not the demo loaders or factories: they save pages one by one through
Wagtail (a revision, signals, tree locking per page), which takes hours at
100,000 articles. Here every table is filled with bulk inserts, and Wagtail's
tree is written the way treebeard would write it:

* each new page gets the next materialised ``path`` under its parent (4
  base-36 characters a level), ``depth``, ``numchild`` 0 and a ``url_path``;
  the parent's ``numchild`` is raised once per batch;
* the ``wagtailcore_page`` rows are inserted first (``bulk_create``; their ids
  come back), then the specific model's own table with ``page_ptr_id`` set
  (``bulk_create`` refuses multi-table models, so that table gets one
  ``executemany`` of values prepared by their fields);
* pages are live, with ``draft_title``, ``content_type``, locale, a
  ``translation_key`` and publication dates, but no revision: the admin edit
  view and the public pages work from the page row itself (tested), and 100,000
  copies of every body would double the database for nothing.

Bodies are StreamFields with headings, paragraphs citing the library and key
figures; the citation markers carry the numbers ``sources.citing`` would write,
and the ``Citation`` rows ("Cited by") are inserted alongside. Tags, authors,
sections, therapy links, conditions, approvals, trials and threaded comments
(mostly approved, some pending, spam or trash) complete the picture. Sources
end with their formatted references stored, as a save would store them (one
formatting per source, ``bulk_update``). Pages are added to Wagtail's search
index in bulk (the backend's ``add_bulk``, so the entries are the ones
``update_index`` would write) unless ``index=False`` (then run
``manage.py update_index``). Wagtail's reference index (the snippet "Usage"
counts) is not filled: ``manage.py rebuild_references_index`` does that.

Everything runs in one transaction: a failure leaves nothing half-made. The
same ``seed`` on the same starting database gives the same data; running again
appends more (slugs, DOIs and tree positions continue from what exists).
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.text import slugify

from taggit.models import Tag
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from bench.bulk import chunks
from bench.scale_pages import PageSteps
from bench.scale_words import (
    ANCHOR,
    CONDITION_NAMES,
    FAMILY_NAMES,
    GIVEN_NAMES,
    JOURNALS,
    TOPICS,
    WORDS,
)
from sources.citing import CitationCollector


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


class ScaleData(PageSteps):
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
        from sources.formatting import store_formatted_references
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
            # Readers get stored references (sources.formatting): one formatting per source.
            store_formatted_references(sources)
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

    # Running -------------------------------------------------------------

    def run(self) -> Report:
        with transaction.atomic():
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
        """Listings kept before the run would not show the new rows: change their keys."""
        from articles.models import ArticlePage
        from caching.keys import SITE, listing_key
        from caching.stamps import changed
        from comments.models import Comment
        from sources.models import Citation, Source
        from therapies.models import TherapyPage

        models = (Page, ArticlePage, TherapyPage, Source, Citation, Comment)
        changed(SITE, *(listing_key(model) for model in models))
