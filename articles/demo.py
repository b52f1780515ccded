"""Demo content for articles: the index, sections, authors and thirteen articles.

The two seed pieces are retold in our own words (their facts, figures, quote,
titles and dates carry over); eleven short explainers give the listings, tags,
archive and pagination something to show. Idempotent: everything is found by
slug before it is created. Runs after the sources loader (key figures cite the
library) and after the therapies loader when there is one (articles link to the
demo therapy profiles when they exist, and skip them silently when not).
"""

import json
import re
import uuid
from datetime import UTC, date, datetime

from wagtail.models import Page

from articles.models import (
    ArticleAuthor,
    ArticleIndexPage,
    ArticlePage,
    ArticleTherapy,
    Author,
    Section,
)

SECTIONS = [
    ("Advances", "advances", "New science and new treatments."),
    ("Clinical practice", "clinical-practice", "How gene therapies reach patients."),
    ("Ethics", "ethics", "The questions gene therapy raises."),
    ("Regulation", "regulation", "Approvals, rules and access."),
]

AUTHORS = [
    {
        "slug": "helix-editorial-team",
        "name": "Helix editorial team",
        "is_organisation": True,
        "bio": "<p>The editors who write and maintain Helix's explainers.</p>",
    },
    {
        "slug": "sermes-cro",
        "name": "Sermes CRO",
        "is_organisation": True,
        "organisation": "Sermes CRO",
        "bio": "<p>A contract research organisation that runs clinical trials in Spain.</p>",
    },
    {
        "slug": "marta-ibanez",
        "name": "Dr Marta Ibáñez",
        "credentials": "MD, clinical haematologist",
        "organisation": "Helix medical review panel",
        "bio": (
            "<p>Haematologist who checks Helix's clinical content before it is "
            "published (a demo profile).</p>"
        ),
    },
    {
        "slug": "daniel-okafor",
        "name": "Daniel Okafor",
        "credentials": "PhD, science writer",
        "bio": "<p>Writes about molecular biology and the ethics of medicine (a demo profile).</p>",
        "conflicts_of_interest": "None declared.",
    },
]


def _heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


def _text(*paragraphs: str) -> dict:
    return {"type": "paragraph", "value": "".join(f"<p>{p}</p>" for p in paragraphs)}


def _figure(number: str, label: str, source_key: str | None = None) -> dict:
    """A key figure; its source key becomes the library row's id when loading."""
    return {"type": "key_figure", "value": {"number": number, "label": label}, "cite": source_key}


def _quote(quote: str, attribution: str, role: str) -> dict:
    return {
        "type": "pull_quote",
        "value": {"quote": quote, "attribution": attribution, "role": role},
    }


def _source_pk(key: str) -> int | None:
    from sources.demo import seed_source
    from sources.models import Source

    try:
        return seed_source(key).pk
    except Source.DoesNotExist:
        return None


ARTICLES = [
    {
        "slug": "how-biotechnology-is-advancing-gene-therapy",
        "title": "How Biotechnology is Advancing Gene Therapy",
        "standfirst": (
            "Better vectors, gene-editing tools and a run of successful trials have "
            "carried gene therapy past its setbacks. Here is where the field stands, "
            "what still holds it back and what comes next."
        ),
        "published": datetime(2025, 2, 10, 9, 0),
        "section": "advances",
        "authors": ["daniel-okafor"],
        "reviewed": ("marta-ibanez", date(2025, 2, 7), date(2026, 2, 7)),
        "tags": ["gene therapy", "biotechnology", "CRISPR", "ethics"],
        "therapies": ["gene-therapy"],
        "further_reading": ["einstein-2017"],
        "body": [
            _text(
                "Gene therapy has changed quickly since its first trials. Improvements "
                "in the vehicles that carry genes into cells, new ways of editing DNA and "
                "a growing list of trials that worked have turned a fragile idea into a "
                "set of real medicines for a number of genetic diseases.[cite:einstein-2017]"
            ),
            _heading("Advances in gene therapy"),
            _text(
                "The basic idea is to give a patient's cells a working copy of a gene "
                "whose faulty version causes disease. Engineered viruses that deliver "
                "genes efficiently, together with recombinant DNA techniques, made that "
                "idea practical, and several gene therapy medicines are now approved, "
                "most of them for rare diseases.[cite:missouri-2022]"
            ),
            _heading("Challenges and controversies"),
            _text(
                "Delivery remains the central problem: the new gene has to reach the "
                "right cells and make enough protein to help. The immune system adds a "
                "second hurdle, because it can attack the vector or the corrected cells, "
                "causing side effects and weakening the treatment.[cite:hgt-2023]"
            ),
            _figure(
                "1999", "the year a trial death opened gene therapy's 'dark age'", "nature-2022"
            ),
            _heading("Ethical considerations"),
            _text(
                "Using genetic tools in people raises the question of where treatment "
                "ends and enhancement begins. Some argue that improving traits such as "
                "strength or intelligence would be acceptable; others hold that any "
                "change beyond treating disease crosses a moral line.[cite:missouri-2022]"
            ),
            _quote(
                # A quotation carries over word for word.
                "Absolutely there was a ‘dark age’ in gene therapy after the tragic death "
                "of a trial participant in 1999. However, more promising advances are "
                "finally beginning to emerge.",
                "John Rasko",
                "Clinical haematologist",
            ),
            _heading("Future directions"),
            _text(
                "New non-viral vectors and editing tools such as CRISPR-Cas9 promise "
                "more precise and efficient treatments, and combining gene therapy with "
                "personalised medicine should make them more effective still.[cite:amgen-2022]",
                "The field has come a long way. Its next steps will depend on weighing "
                "the benefits for patients against the ethical questions that come "
                "with changing human genes.",
            ),
        ],
    },
    {
        "slug": "gene-therapies-revolutionizing-disease-treatment",
        "title": "Gene Therapies: Revolutionizing Disease Treatment",
        "standfirst": (
            "Gene therapies treat disease at its genetic root. Spanish hospitals have "
            "been quick to adopt them, from CAR-T cells for blood cancers to new "
            "treatments for haemophilia and Duchenne muscular dystrophy."
        ),
        "published": datetime(2025, 3, 14, 9, 0),
        "section": "clinical-practice",
        "authors": ["sermes-cro"],
        "reviewed": ("marta-ibanez", date(2025, 3, 20), date(2026, 3, 20)),
        "tags": ["gene therapy", "CAR-T", "haemophilia", "Duchenne muscular dystrophy", "Spain"],
        "therapies": ["car-t-cell-therapy", "haemophilia-gene-therapy", "duchenne-gene-therapy"],
        "further_reading": [],
        "body": [
            _text(
                "A gene therapy adds, removes or alters genetic material in a patient's "
                "cells to correct a defect, replace a mutated gene or give the cells a new "
                "ability to fight disease. Because it acts on the cause, it can offer "
                "long-lasting and sometimes curative treatment for conditions that had "
                "none.[cite:hgt-2023]",
                "The first targets were rare inherited disorders such as Duchenne "
                "muscular dystrophy and haemophilia. Progress in biotechnology has since "
                "brought the approach to commoner diseases, including blood cancers "
                "treated with CAR-T cells and neurodegenerative conditions such as "
                "Parkinson's disease.",
            ),
            _heading("Gene therapy in Spanish hospitals"),
            _text(
                "Spain's national plan for advanced therapies, launched in 2018, brought "
                "these treatments into the public health system and opened access for "
                "patients. Three examples show how far hospitals have come."
            ),
            _heading("CAR-T therapy", "h3"),
            _text(
                "CAR-T therapy modifies a patient's own T lymphocytes so that they "
                "recognise and destroy cancer cells. It is used mainly for blood cancers "
                "such as leukaemia and lymphoma.[cite:catala-2022] A Spanish-developed "
                "CAR-T product has also brought complete remission to two in three "
                "patients with multiple myeloma in its trial.[cite:puerto-2023]"
            ),
            _figure("1,859", "CAR-T requests since 2018", "catala-2022"),
            _figure("85.5%", "of CAR-T requests approved by the Ministry of Health", "catala-2022"),
            _heading("Haemophilia", "h3"),
            _text(
                "Haemophilia stops blood from clotting normally. At La Paz University "
                "Hospital in Madrid, patients have received a gene therapy that supplies "
                "a working gene for the missing clotting factor, improving their quality "
                "of life and reducing the need for constant treatment."
            ),
            _heading("Duchenne muscular dystrophy", "h3"),
            _text(
                "Duchenne muscular dystrophy weakens muscles progressively. At Sant Joan "
                "de Déu Hospital in Barcelona, a gene therapy delivers a functional gene "
                "for dystrophin, a protein muscles need; early results show gains in "
                "strength and mobility. In the United States, the first gene therapy for "
                "some patients with Duchenne was approved in June 2023.[cite:fda-2023-duchenne]"
            ),
            _heading("The road ahead"),
            _text(
                "Cost is the largest obstacle: these treatments are expensive, which "
                "limits who can receive them. Genetic modification also raises ethical "
                "questions and the possibility of late side effects, so careful "
                "evaluation and regulation remain essential.",
                "Personalised medicine, with treatments fitted to each patient's genes, "
                "is where Spanish research is heading next.",
            ),
        ],
    },
    {
        "slug": "what-is-a-viral-vector",
        "title": "What is a viral vector?",
        "standfirst": "Most approved gene therapies use a disabled virus as a delivery van.",
        "published": datetime(2024, 4, 8, 9, 0),
        "section": "advances",
        "authors": ["helix-editorial-team"],
        "tags": ["gene therapy", "vectors", "AAV"],
        "therapies": ["gene-therapy"],
        "body": [
            _text(
                "Viruses are very good at getting genes into cells. A viral vector keeps "
                "that skill but has the genes the virus needs to multiply removed and "
                "replaced by the therapeutic gene.",
                "Adeno-associated viruses (AAV) are used for many treatments given "
                "directly into the body; lentiviruses are common when cells are modified "
                "outside the body and then returned to the patient.",
            ),
        ],
    },
    {
        "slug": "beyond-viruses-non-viral-delivery",
        "title": "Beyond viruses: non-viral gene delivery",
        "standfirst": "Lipid nanoparticles and other carriers avoid some of the limits of viruses.",
        "published": datetime(2024, 5, 20, 9, 0),
        "section": "advances",
        "authors": ["daniel-okafor"],
        "tags": ["gene therapy", "vectors", "lipid nanoparticles"],
        "body": [
            _text(
                "Non-viral carriers such as lipid nanoparticles, plain DNA and "
                "electroporation deliver genetic material without a virus. They are "
                "simpler to manufacture and can often be given more than once, because "
                "the immune system does not learn to recognise them in the same way.",
                "Their drawback has been efficiency: fewer cells take up the cargo. "
                "Improving that is one of the field's most active areas of research.",
            ),
        ],
    },
    {
        "slug": "crispr-reaches-the-clinic",
        "title": "CRISPR reaches the clinic",
        "standfirst": "The first medicine based on CRISPR gene editing was approved in 2023.",
        "published": datetime(2024, 6, 17, 9, 0),
        "section": "advances",
        "authors": ["daniel-okafor"],
        "tags": ["CRISPR", "gene editing", "sickle cell disease"],
        "body": [
            _text(
                "CRISPR-Cas9 lets scientists cut DNA at a chosen place. In late 2023 "
                "regulators in the United Kingdom and the United States approved the "
                "first treatment built on it, for sickle cell disease.",
                "Blood stem cells are collected from the patient, edited outside the body "
                "and returned, where they make a form of haemoglobin that compensates for "
                "the faulty one.",
            ),
        ],
    },
    {
        "slug": "spanish-car-t-for-multiple-myeloma",
        "title": "A Spanish CAR-T for multiple myeloma",
        "standfirst": "A CAR-T developed in a Spanish public hospital reports strong results.",
        "published": datetime(2024, 7, 15, 9, 0),
        "section": "clinical-practice",
        "authors": ["helix-editorial-team"],
        "reviewed": ("marta-ibanez", date(2024, 7, 12), date(2025, 7, 12)),
        "tags": ["CAR-T", "multiple myeloma", "Spain"],
        "therapies": ["car-t-cell-therapy"],
        "body": [
            _text(
                "Multiple myeloma is a cancer of plasma cells in the bone marrow. A "
                "CAR-T therapy developed within the Spanish public health system has "
                "been tested in patients whose disease had returned after other "
                "treatments."
            ),
            _figure("67%", "of patients in complete remission", "puerto-2023"),
        ],
    },
    {
        "slug": "first-gene-therapy-for-duchenne",
        "title": "The first gene therapy for Duchenne muscular dystrophy",
        "standfirst": "In June 2023 the FDA approved a gene therapy for some boys with Duchenne.",
        "published": datetime(2024, 8, 12, 9, 0),
        "section": "regulation",
        "authors": ["helix-editorial-team"],
        "tags": ["Duchenne muscular dystrophy", "regulation", "AAV"],
        "therapies": ["duchenne-gene-therapy"],
        "body": [
            _text(
                "The US Food and Drug Administration granted accelerated approval to the "
                "first gene therapy for Duchenne muscular dystrophy on 22 June 2023, for "
                "children aged four and five who can still walk.",
                "The treatment uses an AAV vector to deliver a shortened but working "
                "version of the dystrophin gene, which is too large to fit in the vector "
                "whole.",
            ),
            _figure("22 June 2023", "FDA accelerated approval", "fda-2023-duchenne"),
        ],
    },
    {
        "slug": "one-infusion-for-haemophilia",
        "title": "One infusion for haemophilia?",
        "standfirst": "Gene therapy aims to replace years of clotting-factor injections.",
        "published": datetime(2024, 9, 9, 9, 0),
        "section": "clinical-practice",
        "authors": ["helix-editorial-team"],
        "tags": ["haemophilia", "AAV", "gene therapy"],
        "therapies": ["haemophilia-gene-therapy"],
        "body": [
            _text(
                "People with haemophilia lack a working clotting factor and often need "
                "injections several times a week. Gene therapy delivers the missing "
                "factor's gene to liver cells, which then make the factor themselves.",
                "How long the effect lasts, and for whom, is still being followed in "
                "long-term studies.",
            ),
        ],
    },
    {
        "slug": "treatment-or-enhancement",
        "title": "Treatment or enhancement?",
        "standfirst": "Where should gene therapy stop? The debate in brief.",
        "published": datetime(2024, 10, 14, 9, 0),
        "section": "ethics",
        "authors": ["daniel-okafor"],
        "tags": ["ethics", "gene editing"],
        "body": [
            _text(
                "Correcting a gene that causes disease is widely accepted. Changing genes "
                "to improve healthy traits is not, and editing embryos, whose changes "
                "would pass to future generations, is prohibited in many countries.",
                "The line between the two is not always sharp, which is why the debate continues.",
            ),
        ],
    },
    {
        "slug": "paying-for-one-off-treatments",
        "title": "Paying for one-off treatments",
        "standfirst": "Gene therapies are among the most expensive medicines ever sold.",
        "published": datetime(2024, 11, 18, 9, 0),
        "section": "regulation",
        "authors": ["helix-editorial-team"],
        "tags": ["access", "cost", "regulation"],
        "body": [
            _text(
                "A single dose can cost more than a lifetime of older treatments would. "
                "Health systems are trying new ways to pay, such as spreading payments "
                "over years or paying only if the treatment keeps working.",
            ),
        ],
    },
    {
        "slug": "gene-therapys-dark-age",
        "title": "Gene therapy's 'dark age' and what changed",
        "standfirst": "A death in a 1999 trial set the field back a decade.",
        "published": datetime(2024, 12, 9, 9, 0),
        "section": "ethics",
        "authors": ["daniel-okafor"],
        "tags": ["history", "gene therapy", "ethics"],
        "body": [
            _text(
                "In 1999 a young volunteer died after receiving a gene therapy in a trial "
                "that used an adenovirus vector. Investigations led to stricter oversight "
                "of trials and greater care in informing participants.",
                "Safer vectors and those reforms laid the ground for the approvals of the "
                "past decade.",
            ),
            _figure("1999", "the trial death that slowed the field", "nature-2022"),
        ],
    },
    {
        "slug": "how-car-t-cells-are-made",
        "title": "How CAR-T cells are made",
        "standfirst": "From blood draw to infusion: the steps behind a CAR-T treatment.",
        "published": datetime(2025, 1, 13, 9, 0),
        "section": "clinical-practice",
        "authors": ["helix-editorial-team"],
        "reviewed": ("marta-ibanez", date(2025, 1, 10), date(2026, 1, 10)),
        "tags": ["CAR-T", "lymphoma", "leukaemia"],
        "therapies": ["car-t-cell-therapy"],
        "body": [
            _heading("Collection"),
            _text("T cells are collected from the patient's blood by apheresis."),
            _heading("Engineering"),
            _text(
                "In a laboratory the cells receive a gene for a chimeric antigen receptor "
                "that recognises a marker on cancer cells, and are multiplied."
            ),
            _heading("Infusion"),
            _text(
                "After a short course of chemotherapy to make room, the cells are infused "
                "back, and the patient is watched closely for side effects."
            ),
        ],
    },
    {
        "slug": "reading-a-gene-therapy-trial",
        "title": "Reading a gene therapy trial result",
        "standfirst": "Phases, endpoints and follow-up: what to look for in the news.",
        "published": datetime(2025, 4, 7, 9, 0),
        "section": "clinical-practice",
        "authors": ["daniel-okafor", "helix-editorial-team"],
        "tags": ["clinical trials", "gene therapy"],
        "body": [
            _text(
                "Early trials are small and test safety; later phases test whether the "
                "treatment works better than the alternatives. For gene therapies, how "
                "long the benefit lasts matters as much as its size, so follow-up over "
                "many years is part of the evidence."
            ),
        ],
    },
]


def _index(home) -> ArticleIndexPage:
    index = ArticleIndexPage.objects.child_of(home).first()
    if index is None:
        index = ArticleIndexPage(
            title="Articles",
            slug="articles",
            show_in_menus=True,
            intro=(
                "<p>News, explainers and features on gene therapy, written for readers "
                "and checked against the sources.</p>"
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


CITE_TOKEN = re.compile(r"\[cite:([a-z0-9-]+)\]")


def _cite_in_text(html: str) -> str:
    """Turn ``[cite:key]`` tokens into library citations (numbered when the page saves)."""

    def marker(match: re.Match) -> str:
        pk = _source_pk(match.group(1))
        return f'<a linktype="citation" id="{pk}">[*]</a>' if pk else ""

    return CITE_TOKEN.sub(marker, html)


def _body_json(blocks: list[dict]) -> str:
    raw = []
    for spec in blocks:
        value = spec["value"]
        if spec["type"] == "paragraph":
            value = _cite_in_text(value)
        if "cite" in spec:
            value = {**value, "citation": _source_pk(spec["cite"]) if spec["cite"] else None}
        raw.append({"type": spec["type"], "value": value, "id": str(uuid.uuid4())})
    return json.dumps(raw)


def _therapies(slugs: list[str]) -> list:
    from therapies.models import TherapyPage

    found = {page.slug: page for page in TherapyPage.objects.filter(slug__in=slugs)}
    return [found[slug] for slug in slugs if slug in found]


def load(stdout=None) -> ArticleIndexPage:
    from helix.models import HomePage

    home = HomePage.objects.first() or Page.get_first_root_node()
    index = _index(home)
    sections = {}
    for name, slug, description in SECTIONS:
        sections[slug], _ = Section.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
    authors = {}
    for data in AUTHORS:
        fields = {k: v for k, v in data.items() if k != "slug"}
        authors[data["slug"]], _ = Author.objects.get_or_create(slug=data["slug"], defaults=fields)

    created = 0
    existing = set(ArticlePage.objects.child_of(index).values_list("slug", flat=True))
    for data in ARTICLES:
        if data["slug"] in existing:
            continue
        page = ArticlePage(
            title=data["title"],
            slug=data["slug"],
            standfirst=data["standfirst"],
            first_published=data["published"].replace(tzinfo=UTC),
            section=sections[data["section"]],
            body=_body_json(data["body"]),
            further_reading=json.dumps(
                [
                    {"type": "source", "value": pk, "id": str(uuid.uuid4())}
                    for pk in map(_source_pk, data.get("further_reading", []))
                    if pk
                ]
            ),
        )
        if "reviewed" in data:
            reviewer, reviewed_on, next_due = data["reviewed"]
            page.reviewed_by = authors[reviewer]
            page.last_reviewed = reviewed_on
            page.next_review_due = next_due
        page.authors = [ArticleAuthor(author=authors[slug]) for slug in data["authors"]]
        page.therapy_links = [
            ArticleTherapy(therapy=therapy) for therapy in _therapies(data.get("therapies", []))
        ]
        page.tags.set(data["tags"])
        index.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    if stdout is not None and created:
        stdout.write(f"Created {created} demo articles.")
    return index
