"""The page steps of the scale-data generator: therapies, articles and comment threads."""

from __future__ import annotations

import json
import time
import uuid
from datetime import date, datetime, timedelta

from django.utils.text import slugify

from bench.bulk import PageAppender, chunks
from bench.scale_words import (
    ANCHOR,
    ARTICLE_YEARS,
    COMMENT_LINES,
    CONDITION_NAMES,
    FAMILY_NAMES,
    GIVEN_NAMES,
    TOPICS,
)
from sources.citing import CitationCollector


class PageSteps:
    """Mixed into ``ScaleData``: the steps that append pages and comments."""

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
