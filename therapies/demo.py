"""Demo content for the therapy directory: conditions and four profiles.

Built from the seed pages (CAR-T, haemophilia and Duchenne therapies in Spanish
hospitals; a clinic's overview of gene therapy), rewritten in Helix's own words.
Approvals are limited to well-documented regulatory decisions. Idempotent:
conditions are found by slug and profiles by slug, so a second run adds nothing.
"""

from datetime import date

from wagtail.models import Page

from helix.models import HomePage
from sources.demo import seed_source
from therapies.choices import ApprovalStatus, DeliveryRoute, Modality, TherapeuticAim, Vector
from therapies.models import (
    ClinicalTrial,
    Condition,
    TherapyApproval,
    TherapyIndexPage,
    TherapyPage,
    TreatmentCentre,
)

CONDITIONS = [
    {
        "slug": "b-cell-lymphoma",
        "name": "B-cell lymphoma",
        "synonyms": "Large B-cell lymphoma, diffuse large B-cell lymphoma",
        "description": (
            "<p>Cancers that begin in B lymphocytes, the white blood cells that make "
            "antibodies. When an aggressive form comes back after standard treatment, "
            "CAR-T cell therapy is one of the options.</p>"
        ),
        "tags": ["blood cancer"],
    },
    {
        "slug": "leukaemia",
        "name": "Leukaemia",
        "synonyms": "Leukemia, acute lymphoblastic leukaemia",
        "description": (
            "<p>Cancers of the blood-forming tissue in which abnormal white cells crowd "
            "out healthy ones. The first CAR-T product was approved for a form of acute "
            "lymphoblastic leukaemia in children and young adults.</p>"
        ),
        "tags": ["blood cancer"],
    },
    {
        "slug": "multiple-myeloma",
        "name": "Multiple myeloma",
        "synonyms": "Myeloma, plasma cell myeloma",
        "description": (
            "<p>A cancer of plasma cells in the bone marrow. CAR-T cells aimed at the "
            "BCMA protein on myeloma cells are used when several earlier treatments "
            "have stopped working.</p>"
        ),
        "icd10": "C90.0",
        "tags": ["blood cancer"],
    },
    {
        "slug": "haemophilia",
        "name": "Haemophilia",
        "synonyms": "Hemophilia, haemophilia A, haemophilia B",
        "description": (
            "<p>An inherited bleeding disorder: the blood lacks a clotting protein "
            "(factor VIII in haemophilia A, factor IX in haemophilia B), so bleeds last "
            "longer and can damage joints. Standard care replaces the factor by regular "
            "injection.</p>"
        ),
        "icd10": "D66–D67",
        "tags": ["rare disease", "inherited"],
    },
    {
        "slug": "duchenne-muscular-dystrophy",
        "name": "Duchenne muscular dystrophy",
        "synonyms": "DMD, Duchenne",
        "description": (
            "<p>An inherited disease, almost always in boys, in which muscles weaken "
            "year after year because the body cannot make dystrophin, a protein that "
            "keeps muscle fibres intact.</p>"
        ),
        "orpha": "98896",
        "tags": ["rare disease", "inherited", "neuromuscular"],
    },
]


def _page_link(page: Page, text: str) -> str:
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def _profiles() -> list[dict]:
    """The three profiles from the Spanish-hospitals seed; the overview is built last."""
    return [
        {
            "slug": "car-t-cell-therapy",
            "title": "CAR-T cell therapy",
            "also_known_as": "Chimeric antigen receptor T-cell therapy, CAR T",
            "summary": (
                "T lymphocytes are taken from the patient's blood, given a gene for a "
                "chimeric antigen receptor (CAR) in the laboratory and infused back, where "
                "they seek out and destroy cancer cells. It is used above all in blood "
                "cancers: leukaemia, lymphoma and multiple myeloma."
            ),
            "modality": Modality.CELL_THERAPY,
            "aim": TherapeuticAim.INTRODUCE,
            "vector": Vector.LENTIVIRUS,
            "delivery_route": DeliveryRoute.EX_VIVO,
            "target_genes": "CD19, TNFRSF17 (BCMA)",
            "conditions": ["leukaemia", "b-cell-lymphoma", "multiple-myeloma"],
            "approvals": [
                (
                    "FDA",
                    "Kymriah (tisagenlecleucel)",
                    ApprovalStatus.APPROVED,
                    date(2017, 8, 30),
                    "Patients up to 25 years old with B-cell acute lymphoblastic leukaemia "
                    "that is refractory or has relapsed twice or more",
                    None,
                ),
                (
                    "FDA",
                    "Yescarta (axicabtagene ciloleucel)",
                    ApprovalStatus.APPROVED,
                    date(2017, 10, 18),
                    "Adults with certain large B-cell lymphomas after two or more lines "
                    "of systemic therapy",
                    None,
                ),
                (
                    "FDA",
                    "Abecma (idecabtagene vicleucel)",
                    ApprovalStatus.APPROVED,
                    date(2021, 3, 26),
                    "Adults with relapsed or refractory multiple myeloma after four or "
                    "more prior lines of therapy",
                    None,
                ),
            ],
            "centres": [
                ("Hospital Clínic de Barcelona", "Barcelona", "Spain"),
                ("Vall d'Hebron University Hospital", "Barcelona", "Spain"),
            ],
            "trials": [
                (
                    "NCT02435849",
                    "ELIANA: tisagenlecleucel in young patients with B-cell ALL",
                    "Phase 2",
                ),
                (
                    "NCT02348216",
                    "ZUMA-1: axicabtagene ciloleucel in large B-cell lymphoma",
                    "Phase 1/2",
                ),
            ],
            "key_figures": [
                ("1,859+", "CAR-T treatment requests from Spanish hospitals since 2018", None),
                ("85.5%", "of those requests approved by Spain's Ministry of Health", None),
                (
                    "67%",
                    "of multiple myeloma patients in complete remission with a CAR-T "
                    "developed in Spain",
                    "puerto-2023",
                ),
            ],
            "body": [
                ("heading", {"text": "How it works", "level": "h2"}),
                (
                    "paragraph",
                    "<p>CAR-T is a living medicine made for one person. The patient's T "
                    "cells are collected, a viral vector adds the gene for a receptor that "
                    "recognises a protein on the cancer cells (CD19 on many leukaemias and "
                    "lymphomas, BCMA on myeloma), the cells are multiplied and then "
                    "returned in a single infusion.</p>",
                ),
                ("heading", {"text": "CAR-T in Spanish hospitals", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Spain's National Health System brought advanced therapies into "
                    "public care with a national plan launched in 2018. Since then, "
                    "hospitals have filed more than 1,859 requests to treat patients with "
                    "CAR-T cells, and the Ministry of Health has approved 85.5% of them. "
                    "Most were for haematological cancers such as leukaemia and "
                    "lymphoma.</p>",
                ),
                (
                    "paragraph",
                    "<p>Spanish teams also develop their own CAR-T cells: an academic "
                    "product for multiple myeloma put two thirds of treated patients into "
                    "complete remission. For aggressive B-cell lymphoma, clinicians looking "
                    "back on a decade of use describe CAR-T as an established option once "
                    "standard treatment has failed.</p>",
                ),
            ],
            "challenges": (
                "<ul><li>Cytokine release syndrome and neurological side effects can be "
                "severe and need specialist care in an accredited centre.</li>"
                "<li>Making cells for each patient takes weeks and costs a great deal, "
                "which limits access.</li>"
                "<li>Some cancers relapse, for example when they lose the targeted "
                "protein.</li></ul>"
            ),
            "further_reading": ["catala-2022", "puerto-2023"],
            "tags": ["CAR-T", "blood cancer", "immunotherapy"],
        },
        {
            "slug": "haemophilia-gene-therapy",
            "title": "Haemophilia gene therapy",
            "also_known_as": "Hemgenix, Roctavian",
            "summary": (
                "A single infusion of an adeno-associated virus vector carries a working "
                "copy of the gene for the missing clotting factor to the liver, whose "
                "cells then make the factor themselves, reducing or ending the need for "
                "regular factor injections."
            ),
            "modality": Modality.GENE_ADDITION,
            "aim": TherapeuticAim.REPLACE,
            "vector": Vector.AAV,
            "delivery_route": DeliveryRoute.IN_VIVO,
            "target_genes": "F8, F9",
            "conditions": ["haemophilia"],
            "approvals": [
                (
                    "FDA",
                    "Hemgenix (etranacogene dezaparvovec)",
                    ApprovalStatus.APPROVED,
                    date(2022, 11, 22),
                    "Adults with haemophilia B",
                    None,
                ),
                (
                    "FDA",
                    "Roctavian (valoctocogene roxaparvovec)",
                    ApprovalStatus.APPROVED,
                    date(2023, 6, 29),
                    "Adults with severe haemophilia A",
                    None,
                ),
            ],
            "centres": [("La Paz University Hospital", "Madrid", "Spain")],
            "trials": [
                ("NCT03569891", "HOPE-B: etranacogene dezaparvovec in haemophilia B", "Phase 3"),
            ],
            "key_figures": [],
            "body": [
                ("heading", {"text": "How it works", "level": "h2"}),
                (
                    "paragraph",
                    "<p>People with haemophilia bleed for longer because one clotting "
                    "protein is missing. The therapy gives liver cells a correct copy of "
                    "the gene for that protein (<i>F8</i> for factor VIII, <i>F9</i> for "
                    "factor IX), so the body produces it continuously instead of relying "
                    "on injections several times a week.</p>",
                ),
                ("heading", {"text": "At La Paz University Hospital", "level": "h2"}),
                (
                    "paragraph",
                    "<p>La Paz University Hospital in Madrid has used a gene therapy that "
                    "supplies the missing clotting-factor gene. Patients treated there have "
                    "seen their quality of life improve and have needed far fewer "
                    "replacement treatments, in line with published clinical-trial "
                    "results.</p>",
                ),
            ],
            "challenges": (
                "<ul><li>Antibodies against the vector, from an earlier natural "
                "infection, can rule a patient out.</li>"
                "<li>Liver enzymes may rise after treatment and need monitoring.</li>"
                "<li>How long factor production lasts is still being followed.</li>"
                "<li>The one-off price is among the highest of any medicine.</li></ul>"
            ),
            "further_reading": ["hgt-2023"],
            "tags": ["haemophilia", "AAV", "rare disease"],
        },
        {
            "slug": "duchenne-gene-therapy",
            "title": "Duchenne muscular dystrophy gene therapy",
            "also_known_as": "Elevidys, delandistrogene moxeparvovec, micro-dystrophin therapy",
            "summary": (
                "An adeno-associated virus vector delivers a shortened but working "
                "version of the dystrophin gene to muscle, to slow the muscle loss that "
                "Duchenne muscular dystrophy causes."
            ),
            "modality": Modality.GENE_ADDITION,
            "aim": TherapeuticAim.REPLACE,
            "vector": Vector.AAV,
            "delivery_route": DeliveryRoute.IN_VIVO,
            "target_genes": "DMD",
            "conditions": ["duchenne-muscular-dystrophy"],
            "approvals": [
                (
                    "FDA",
                    "Elevidys (delandistrogene moxeparvovec)",
                    ApprovalStatus.CONDITIONAL,
                    date(2023, 6, 22),
                    "Accelerated approval: ambulatory children aged 4 to 5 with a "
                    "confirmed mutation in the DMD gene",
                    "fda-2023-duchenne",
                ),
            ],
            "centres": [("Sant Joan de Déu Hospital", "Barcelona", "Spain")],
            "trials": [
                ("NCT05096221", "EMBARK: delandistrogene moxeparvovec in Duchenne", "Phase 3"),
            ],
            "key_figures": [
                (
                    "22 June 2023",
                    "first FDA approval of a Duchenne gene therapy",
                    "fda-2023-duchenne",
                ),
            ],
            "body": [
                ("heading", {"text": "How it works", "level": "h2"}),
                (
                    "paragraph",
                    "<p>The dystrophin gene is too large to fit inside the viral vectors "
                    "used for gene therapy, so the treatment carries a trimmed-down "
                    "version, often called micro-dystrophin, that keeps the parts muscle "
                    "fibres need most.</p>",
                ),
                ("heading", {"text": "At Sant Joan de Déu Hospital", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Sant Joan de Déu Hospital in Barcelona has worked on a gene "
                    "therapy that gives muscle a functional dystrophin gene. Early results "
                    "were encouraging, with gains in strength and mobility, and a study in "
                    "<i>The Lancet</i> pointed to an acceptable safety profile.</p>",
                ),
            ],
            "challenges": (
                "<ul><li>The approval is accelerated: it depends on a confirmatory trial "
                "showing clinical benefit.</li>"
                "<li>Micro-dystrophin is not the full protein, so the disease is slowed, "
                "not cured.</li>"
                "<li>Immune reactions to the vector or the new protein need close "
                "monitoring.</li></ul>"
            ),
            "further_reading": ["fda-2023-duchenne"],
            "tags": ["Duchenne muscular dystrophy", "AAV", "rare disease"],
        },
    ]


def _overview(index: TherapyIndexPage, profiles: dict[str, TherapyPage]) -> dict:
    """The general "Gene therapy" profile, from the clinic seed, linking to the others."""
    car_t = profiles["car-t-cell-therapy"]
    haemophilia = profiles["haemophilia-gene-therapy"]
    duchenne = profiles["duchenne-gene-therapy"]
    return {
        "slug": "gene-therapy",
        "title": "Gene therapy",
        "also_known_as": "Gene transfer",
        "summary": (
            "Gene therapy treats disease by putting genetic material into a patient's "
            "cells, most often a working copy of a gene to make up for a faulty one. "
            "First proposed for inherited disorders, it is now being tried in a widening "
            "range of illnesses."
        ),
        "modality": Modality.GENE_ADDITION,
        "aim": TherapeuticAim.REPLACE,
        "vector": "",
        "delivery_route": "",
        "target_genes": "",
        "conditions": [],
        "approvals": [],
        "centres": [],
        "trials": [],
        "key_figures": [],
        "body": [
            ("heading", {"text": "What it is", "level": "h2"}),
            (
                "paragraph",
                "<p>In gene therapy, a functional gene is delivered into a patient's cells "
                "to correct the genetic fault behind an illness. Two things have to work: "
                "the genetic material itself, the active ingredient, and the vehicle, or "
                "vector, that gets it into enough cells without damaging it.</p>",
            ),
            ("heading", {"text": "When it is used", "level": "h2"}),
            (
                "paragraph",
                "<p>Diseases of genetic origin remain the main indication. Beyond them, "
                "gene therapy is being tested against cancers that have no effective "
                "treatment or have resisted conventional treatment, against HIV/AIDS "
                "alongside antiviral drugs, and more recently in coronary and peripheral "
                "arterial disease and rheumatoid arthritis. As vectors improve and safety "
                "is shown, its use may extend to conditions that do not threaten life.</p>",
            ),
            ("heading", {"text": "Three aims", "level": "h2"}),
            (
                "paragraph",
                "<ol><li><b>Replace or complement</b> a defective gene by adding a normal "
                "copy, as in "
                + _page_link(haemophilia, "haemophilia")
                + " and "
                + _page_link(duchenne, "Duchenne muscular dystrophy")
                + ".</li><li><b>Inhibit or block</b> a gene whose activity drives the "
                "disease, such as an oncogene.</li><li><b>Introduce</b> a gene that gives "
                "the cell a new therapeutic ability, for example a protein that hinders a "
                "virus from copying itself, or the cancer-seeking receptor of "
                + _page_link(car_t, "CAR-T cells")
                + ".</li></ol>",
            ),
            ("heading", {"text": "Vectors: viral and non-viral", "level": "h2"}),
            (
                "paragraph",
                "<p>Vectors are still the weak point of gene therapy. Viral vectors are "
                "the most efficient today: a virus is essentially genetic material with "
                "the machinery to enter cells, so researchers remove the genes it needs "
                "to multiply and put the therapeutic gene in their place. The vector "
                "keeps the virus's skill at entering cells without being able to spread. "
                "Adeno-associated viruses, lentiviruses and retroviruses are the most "
                "used.</p><p>Non-viral methods, such as lipid nanoparticles, naked "
                "plasmid DNA and electroporation, avoid some immune and safety problems "
                "of viruses but have usually been less efficient.</p>",
            ),
            ("heading", {"text": "Research", "level": "h2"}),
            (
                "paragraph",
                "<p>Research groups dedicated to gene therapy and the regulation of gene "
                "expression work on better genes, whose activity can be predicted or "
                "controlled once inside the body, and better vectors, with the goal of "
                "new treatments for diseases that have none today.</p>",
            ),
            (
                "call_to_action",
                {
                    "text": "See how specific gene therapies compare.",
                    "link_label": "Browse therapy profiles",
                    "page": index,
                    "url": "",
                },
            ),
        ],
        "challenges": (
            "<ul><li>Getting enough genetic material into the right cells is still hard.</li>"
            "<li>The immune system can react to the vector or the new protein.</li>"
            "<li>Long-term effects and very high prices raise ethical and access "
            "questions.</li></ul>"
        ),
        "further_reading": ["einstein-2017", "hgt-2023", "nature-2022"],
        "tags": ["gene therapy", "overview"],
    }


def _index(home: HomePage) -> TherapyIndexPage:
    index = TherapyIndexPage.objects.child_of(home).first()
    if index is None:
        index = TherapyIndexPage(
            title="Therapies",
            slug="therapies",
            show_in_menus=True,
            intro=(
                "<p>Structured profiles of gene therapies: how each one works, whom it "
                "is for, where it is approved and which trials test it.</p>"
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _condition(data: dict) -> Condition:
    fields = {k: v for k, v in data.items() if k not in {"slug", "tags"}}
    condition, created = Condition.objects.get_or_create(slug=data["slug"], defaults=fields)
    if created:
        condition.tags.set(data["tags"])
        condition.save()
    return condition


def _profile(index: TherapyIndexPage, data: dict, conditions: dict[str, Condition]) -> TherapyPage:
    existing = TherapyPage.objects.child_of(index).filter(slug=data["slug"]).first()
    if existing is not None:
        return existing
    simple = {
        k: data[k]
        for k in (
            "title", "slug", "also_known_as", "summary", "modality", "aim", "vector",
            "delivery_route", "target_genes", "body", "challenges",
        )
    }  # fmt: skip
    therapy = TherapyPage(
        **simple,
        key_figures=[
            (
                "key_figure",
                {
                    "number": number,
                    "label": label,
                    "citation": seed_source(key) if key else None,
                },
            )
            for number, label, key in data["key_figures"]
        ],
        further_reading=[("source", seed_source(key)) for key in data["further_reading"]],
    )
    therapy.approvals = [
        TherapyApproval(
            regulator=regulator,
            product_name=product,
            status=status,
            date=day,
            indication=indication,
            citation=seed_source(key) if key else None,
        )
        for regulator, product, status, day, indication, key in data["approvals"]
    ]
    therapy.centres = [
        TreatmentCentre(name=name, city=city, country=country)
        for name, city, country in data["centres"]
    ]
    therapy.trials = [
        ClinicalTrial(nct_number=number, title=title, phase=phase)
        for number, title, phase in data["trials"]
    ]
    therapy.conditions = [conditions[slug] for slug in data["conditions"]]
    therapy.tags.set(data["tags"])
    index.add_child(instance=therapy)
    therapy.save_revision().publish()
    return therapy


def load(stdout=None) -> TherapyIndexPage:
    home = HomePage.objects.get(slug="home")
    index = _index(home)
    conditions = {data["slug"]: _condition(data) for data in CONDITIONS}
    profiles = {data["slug"]: _profile(index, data, conditions) for data in _profiles()}
    _profile(index, _overview(index, profiles), conditions)
    if stdout is not None:
        stdout.write(
            f"Therapies: {TherapyPage.objects.child_of(index).count()} profiles, "
            f"{Condition.objects.count()} conditions."
        )
    return index
