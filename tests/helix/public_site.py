"""A small site with every public page type and every body block, built from factories.

The HTML conformance test renders each URL of ``public_urls()``; the page
tests reuse ``therapy_with_repeated_headings`` and friends. Content is chosen
to exercise what a validator catches: repeated heading texts, citations in
text and in key figures, references and further reading, tables, embeds,
images, pull quotes, comments with replies, approvals with citations.
"""

from dataclasses import dataclass

from wagtail_factories import ImageFactory

from django.utils import timezone

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.rich_text import RichText

from articles.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    AuthorFactory,
    SectionFactory,
)
from articles.models import ArticleTherapy
from comments.factories import CommentFactory
from helix.models import HomePage
from sources.models import Source, SourceAuthor
from therapies.choices import ApprovalStatus, Regulator
from therapies.factories import (
    ClinicalTrialFactory,
    ConditionFactory,
    TherapyApprovalFactory,
    TherapyIndexPageFactory,
    TherapyPageFactory,
    TreatmentCentreFactory,
)

EMBED_URL = "https://www.youtube.com/watch?v=helix-test"


def source(title: str, **kwargs) -> Source:
    found = Source.objects.create(title=title, year=2021, container_title="Science", **kwargs)
    SourceAuthor.objects.create(source=found, family="Dunbar", given="Cynthia E")
    return found


def cite(cited: Source, text: str = "[*]") -> str:
    return f'<a linktype="citation" id="{cited.pk}">{text}</a>'


def stored_embed() -> None:
    """An embed already in Wagtail's embed table: rendering it fetches nothing."""
    Embed.objects.create(
        url=EMBED_URL,
        hash=get_embed_hash(EMBED_URL),
        type="video",
        html='<iframe src="https://www.youtube.com/embed/helix-test" title="Gene therapy '
        'explained" width="560" height="315" allowfullscreen></iframe>',
        title="Gene therapy explained",
        provider_name="YouTube",
        width=560,
        height=315,
    )


def rich_body(first: Source, second: Source, image) -> list[tuple]:
    """A body with every block type, repeated heading texts and sub-headings."""
    return [
        ("heading", {"text": "How it works", "level": "h2"}),
        ("paragraph", RichText(f"<p>Vectors deliver genes.{cite(first)}</p>")),
        ("heading", {"text": "Vectors", "level": "h3"}),
        ("paragraph", RichText(f"<p>AAV is small.{cite(second)} Again.{cite(first)}</p>")),
        ("heading", {"text": "Dosing", "level": "h3"}),
        ("pull_quote", {"quote": "It works.", "attribution": "A doctor", "role": "Haematologist"}),
        ("key_figure", {"number": "85%", "label": "of requests approved", "citation": first}),
        ("heading", {"text": "How it works", "level": "h2"}),
        (
            "table",
            {
                "caption": "Requests",
                "columns": [
                    {"type": "text", "heading": "Measure"},
                    {"type": "number", "heading": "Value"},
                ],
                "rows": [{"values": ["Requests", 1859]}, {"values": ["Approved", 85]}],
            },
        ),
        ("embed", EMBED_URL),
        ("image", {"image": image, "alt_text": "A vector", "caption": "A vector", "credit": ""}),
        ("heading", {"text": "References", "level": "h2"}),
        ("heading", {"text": "Comments", "level": "h2"}),
        (
            "call_to_action",
            {"text": "Questions?", "link_label": "Contact us", "url": "https://example.org/"},
        ),
    ]


@dataclass
class PublicSite:
    home: HomePage
    article: object
    therapy: object
    second_therapy: object
    condition: object
    source: Source
    section: object
    author: object


def build_public_site(home: HomePage) -> PublicSite:
    """Every public page type, with content in every block and relation."""
    stored_embed()
    image = ImageFactory(title="A vector")
    first = source("Gene therapy comes of age", doi="10.1126/science.aan4672")
    second = source("AAV vectors", url="https://example.org/aav")
    further = source("Further reading on vectors")
    section = SectionFactory(name="News", slug="news")
    author = AuthorFactory(name="Ada Writer", slug="ada-writer")
    reviewer = AuthorFactory(name="Rita Reviewer", slug="rita-reviewer", credentials="MD")
    condition = ConditionFactory(name="Haemophilia B", slug="haemophilia-b")
    condition.tags.add("gene-therapy")
    condition.save()

    therapy_index = TherapyIndexPageFactory(parent=home)
    therapy = TherapyPageFactory(
        parent=therapy_index,
        title="AAV factor IX",
        also_known_as="etranacogene dezaparvovec",
        conditions=[condition],
        key_figures=[("key_figure", {"number": "1", "label": "dose", "citation": first})],
        body=rich_body(first, second, image),
        challenges=f"<p>Liver toxicity.{cite(second)}</p>",
        target_genes="F9",
    )
    for regulator, product in ((Regulator.FDA, "Hemgenix"), (Regulator.EMA, "Hemgenix")):
        TherapyApprovalFactory(
            page=therapy,
            regulator=regulator,
            product_name=product,
            status=ApprovalStatus.APPROVED,
            date=timezone.now().date(),
            citation=first,
        )
    TreatmentCentreFactory(page=therapy)
    ClinicalTrialFactory(page=therapy)
    therapy.tags.add("gene-therapy")
    therapy.save_revision().publish()
    second_therapy = TherapyPageFactory(parent=therapy_index, title="Lentiviral factor IX")

    index = ArticleIndexPageFactory(parent=home)
    for n in range(3):
        ArticlePageFactory(parent=index, title=f"Older news {n}", section=section)
    article = ArticlePageFactory(
        parent=index,
        title="Gene therapy basics",
        slug="basics",
        section=section,
        body=rich_body(first, second, image),
        tags=["gene-therapy"],
        authors=[author, reviewer],
        reviewed_by=reviewer,
        last_reviewed=timezone.now().date(),
        last_updated=timezone.now(),
        further_reading=[("source", further)],
    )
    ArticleTherapy.objects.create(page=article, therapy=therapy)
    article.save_revision().publish()
    article.refresh_from_db()
    comment = CommentFactory(page=article, body="Very clear, thank you.", url="https://ex.org")
    CommentFactory(page=article, parent=comment, depth=1, body="Agreed.", is_staff_reply=True)
    CommentFactory(page=therapy, body="Is it available in Spain?")
    return PublicSite(
        home=home,
        article=article,
        therapy=therapy,
        second_therapy=second_therapy,
        condition=condition,
        source=first,
        section=section,
        author=author,
    )


def public_urls(site: PublicSite) -> dict[str, str]:
    """Every public page type a reader can open, by name."""
    index_url = site.article.get_parent().url
    therapies_url = site.therapy.get_parent().url
    return {
        "home": site.home.url,
        "article-index": index_url,
        "article-index-page-2": f"{index_url}?page=2",
        "article": site.article.url,
        "section": f"{index_url}section/{site.section.slug}/",
        "tag-index": "/tags/",
        "tag": "/tags/gene-therapy/",
        "author-index": "/authors/",
        "author": site.author.get_absolute_url(),
        "reviewer": "/authors/rita-reviewer/",
        "therapy-directory": therapies_url,
        "therapy-directory-filtered": f"{therapies_url}?modality=gene-addition&status=approved",
        "therapy": site.therapy.url,
        "therapy-without-extras": site.second_therapy.url,
        "compare": f"{therapies_url}compare/?t={site.therapy.slug}&t={site.second_therapy.slug}",
        "condition-index": "/conditions/",
        "condition": site.condition.get_absolute_url(),
        "sources": "/sources/",
        "source": site.source.get_absolute_url(),
        "search": "/search/?q=gene",
        "search-without-results": "/search/?q=zzzqqq",
        "search-empty": "/search/",
        "feeds": "/feeds/",
        "not-found": "/no-such-page/",
    }
