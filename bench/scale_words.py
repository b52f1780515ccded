"""The vocabulary the scale-data generator draws from: topics, conditions, names, words."""

from datetime import UTC, datetime

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
