"""Turn the parsed demo data files into pages, snippets, sources and comments.

Every builder finds what a previous run made (by slug, by title and year, by
text) before it creates anything, so a second load changes nothing. The data
refers to other rows by key: ``[cite:key]`` in rich text and a ``citation``
key in a key figure or approval name a source in ``sources.json``;
``[page:slug|text]`` links to a demo page; ``page`` in a call to action is a
page slug.
"""

import json
import os
import re
import uuid
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from wagtail.models import Page, Site

from articles.models import (
    ArticleAuthor,
    ArticleIndexPage,
    ArticlePage,
    ArticleTherapy,
    Author,
    Section,
)
from comments.models import Comment, Rule, Status
from helix.models import HomePage, SiteSettings, SocialLink
from sources.models import Source, SourceAuthor
from therapies.models import (
    ClinicalTrial,
    Condition,
    TherapyApproval,
    TherapyIndexPage,
    TherapyPage,
    TreatmentCentre,
)

TOKEN = re.compile(r"\[(cite):([a-z0-9-]+)\]|\[(page):([a-z0-9-]+)\|([^\]]*)\]")


class Refs:
    """What the data's keys point at: sources by key, demo pages by slug."""

    def __init__(self) -> None:
        self.sources: dict[str, Source] = {}
        self.pages: dict[str, Page] = {}

    def source_pk(self, key: str | None) -> int | None:
        return self.sources[key].pk if key else None

    def rich_text(self, html: str) -> str:
        """Replace ``[cite:key]`` and ``[page:slug|text]`` by Wagtail's link markup."""

        def link(match: re.Match) -> str:
            if match.group(1):
                return f'<a linktype="citation" id="{self.source_pk(match.group(2))}">[*]</a>'
            page = self.pages[match.group(4)]
            return f'<a linktype="page" id="{page.pk}">{match.group(5)}</a>'

        return TOKEN.sub(link, html)

    def stream(self, blocks: list[dict]) -> str:
        """A StreamField's raw JSON, with keys turned into row ids."""
        raw = []
        for block in blocks:
            value = block["value"]
            if isinstance(value, str):
                value = self.rich_text(value)
            elif isinstance(value, dict):
                value = dict(value)
                if "citation" in value:
                    value["citation"] = self.source_pk(value["citation"])
                if value.get("page"):
                    value["page"] = self.pages[value["page"]].pk
            raw.append({"type": block["type"], "value": value, "id": str(uuid.uuid4())})
        return json.dumps(raw)

    def further_reading(self, keys: list[str]) -> str:
        """A further-reading StreamField: one source block per key."""
        return self.stream([{"type": "source", "value": self.source_pk(k)} for k in keys])


def _publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def site(data: dict) -> HomePage:
    """The home page, the default Site rooted at it and the site settings."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's install-time "Welcome to your new Wagtail site!" page holds
        # the slug we want; remove it while it is still untouched.
        for welcome in root.get_children().filter(slug=data["home"]["slug"]):
            if welcome.specific_class is Page and not welcome.get_children().exists():
                welcome.delete()
        home = _publish_child(root, HomePage(**data["home"]))

    # The demo serves on 127.0.0.1:$PORT; canonical URLs follow the Site.
    port = int(os.environ.get("PORT") or 8000)
    default = Site.objects.filter(is_default_site=True).first()
    if default is None:
        default = Site.objects.create(
            **data["site"], port=port, root_page=home, is_default_site=True
        )
    elif default.root_page_id != home.pk:
        default.root_page = home
        default.hostname = data["site"]["hostname"]
        default.site_name = data["site"]["site_name"]
        default.port = port
        default.save()

    settings = SiteSettings.for_site(default)
    if not settings.contact_email:
        for field, value in data["settings"].items():
            setattr(settings, field, value)
        settings.save()
    if not settings.social_links.exists():
        for order, link in enumerate(data["social_links"]):
            SocialLink.objects.create(settings=settings, sort_order=order, **link)
    return home


def sources(data: dict, refs: Refs) -> None:
    """Every seed source the library lacks (found by title and year)."""
    for key, record in data["sources"].items():
        fields = {k: v for k, v in record.items() if k not in {"authors", "tags"}}
        if "accessed" in fields:
            fields["accessed"] = date.fromisoformat(fields["accessed"])
        source = Source.objects.filter(title=fields["title"], year=fields["year"]).first()
        if source is None:
            source = Source(**fields)
            source.authors = [SourceAuthor(**author) for author in record["authors"]]
            source.save()
            source.tags.set(record["tags"])
            source.save()
        refs.sources[key] = source


def index_page(home: HomePage, model: type[Page], data: dict) -> Page:
    """The home page's child of ``model`` (the articles or therapies index)."""
    index = model.objects.child_of(home).first()
    if index is None:
        index = _publish_child(home, model(show_in_menus=True, **data))
    return index


def therapies(home: HomePage, data: dict, refs: Refs) -> TherapyIndexPage:
    """The directory, its conditions and profiles (profiles in file order)."""
    index = index_page(home, TherapyIndexPage, data["index"])
    refs.pages[index.slug] = index
    conditions = {}
    for record in data["conditions"]:
        fields = {k: v for k, v in record.items() if k not in {"slug", "tags"}}
        condition, created = Condition.objects.get_or_create(slug=record["slug"], defaults=fields)
        if created:
            condition.tags.set(record["tags"])
            condition.save()
        conditions[record["slug"]] = condition
    for record in data["profiles"]:
        refs.pages[record["slug"]] = _profile(index, record, conditions, refs)
    return index


def _profile(index: TherapyIndexPage, record: dict, conditions: dict, refs: Refs) -> TherapyPage:
    existing = TherapyPage.objects.child_of(index).filter(slug=record["slug"]).first()
    if existing is not None:
        return existing
    simple = (
        "title", "slug", "also_known_as", "summary", "modality", "aim", "vector",
        "delivery_route", "target_genes", "challenges",
    )  # fmt: skip
    therapy = TherapyPage(
        **{k: record[k] for k in simple},
        body=refs.stream(record["body"]),
        key_figures=refs.stream(
            [{"type": "key_figure", "value": figure} for figure in record["key_figures"]]
        ),
        further_reading=refs.further_reading(record["further_reading"]),
    )
    therapy.approvals = [_approval(approval, refs) for approval in record["approvals"]]
    therapy.centres = [TreatmentCentre(**centre) for centre in record["centres"]]
    therapy.trials = [ClinicalTrial(**trial) for trial in record["trials"]]
    therapy.conditions = [conditions[slug] for slug in record["conditions"]]
    therapy.tags.set(record["tags"])
    return _publish_child(index, therapy)


def _approval(record: dict, refs: Refs) -> TherapyApproval:
    key = record.get("citation")
    return TherapyApproval(
        **{k: v for k, v in record.items() if k not in {"date", "citation"}},
        date=date.fromisoformat(record["date"]),
        citation=refs.sources[key] if key else None,
    )


def articles(home: HomePage, data: dict, refs: Refs, stdout=None) -> ArticleIndexPage:
    """The index, sections, authors and every article the index lacks (by slug)."""
    index = index_page(home, ArticleIndexPage, data["index"])
    refs.pages[index.slug] = index
    sections = {}
    for record in data["sections"]:
        fields = {k: v for k, v in record.items() if k != "slug"}
        sections[record["slug"]], _ = Section.objects.get_or_create(
            slug=record["slug"], defaults=fields
        )
    authors = {}
    for record in data["authors"]:
        fields = {k: v for k, v in record.items() if k != "slug"}
        authors[record["slug"]], _ = Author.objects.get_or_create(
            slug=record["slug"], defaults=fields
        )

    created = 0
    existing = set(ArticlePage.objects.child_of(index).values_list("slug", flat=True))
    for record in data["articles"]:
        if record["slug"] in existing:
            continue
        page = ArticlePage(
            title=record["title"],
            slug=record["slug"],
            standfirst=record["standfirst"],
            first_published=datetime.fromisoformat(record["published"]).replace(tzinfo=UTC),
            section=sections[record["section"]],
            body=refs.stream(record["body"]),
            further_reading=refs.further_reading(record.get("further_reading", [])),
        )
        if "reviewed" in record:
            review = record["reviewed"]
            page.reviewed_by = authors[review["by"]]
            page.last_reviewed = date.fromisoformat(review["on"])
            page.next_review_due = date.fromisoformat(review["next_due"])
        page.authors = [ArticleAuthor(author=authors[slug]) for slug in record["authors"]]
        page.therapy_links = [
            ArticleTherapy(therapy=refs.pages[slug]) for slug in record.get("therapies", [])
        ]
        page.tags.set(record["tags"])
        refs.pages[record["slug"]] = _publish_child(index, page)
        created += 1
    if stdout is not None and created:
        stdout.write(f"Created {created} demo articles.")
    return index


def comments(data: dict, stdout=None) -> list[Comment]:
    """A short discussion on the first live article, one comment awaiting moderation.

    Comments are found by their text, so a second run adds nothing.
    """
    article = ArticlePage.objects.live().public().order_by("pk").first()
    if article is None:
        return []
    thread = data["thread"]
    created_at = timezone.now() - timedelta(days=len(thread))
    made: dict[str, Comment] = {}
    for position, record in enumerate(thread):
        comment = Comment.objects.filter(page=article, body=record["body"]).first()
        if comment is None:
            status = Status(record["status"])
            staff = record["is_staff_reply"]
            if staff:
                rule = Rule.STAFF
            else:
                rule = Rule.MODERATOR if status == Status.APPROVED else Rule.HOLD_ALL
            comment = Comment.objects.create(
                page=article,
                parent=made.get(record["parent"]),
                name=record["name"],
                email=record["email"],
                body=record["body"],
                status=status,
                rule=rule,
                is_staff_reply=staff,
                created=created_at + timedelta(hours=position * 5),
            )
        made[record["key"]] = comment
    if stdout is not None:
        stdout.write(f"Demo comments on “{article.title}”: {len(made)}.")
    return list(made.values())
