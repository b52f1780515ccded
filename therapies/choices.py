"""The controlled vocabularies of a therapy profile, shared by models, facets and forms."""

from django.db import models


class Modality(models.TextChoices):
    GENE_ADDITION = "gene-addition", "Gene addition or replacement"
    GENE_SILENCING = "gene-silencing", "Gene silencing or inhibition"
    GENE_EDITING = "gene-editing", "Gene editing"
    CELL_THERAPY = "cell-therapy", "Gene-modified cell therapy (e.g. CAR-T)"
    ONCOLYTIC_VIRUS = "oncolytic-virus", "Oncolytic virus"
    OTHER = "other", "Other"


class TherapeuticAim(models.TextChoices):
    REPLACE = "replace", "Complement or replace a defective gene"
    INHIBIT = "inhibit", "Inhibit or block a harmful gene"
    INTRODUCE = "introduce", "Introduce a gene with a new therapeutic function"


class Vector(models.TextChoices):
    AAV = "aav", "Adeno-associated virus (AAV)"
    LENTIVIRUS = "lentivirus", "Lentivirus"
    RETROVIRUS = "retrovirus", "Retrovirus"
    ADENOVIRUS = "adenovirus", "Adenovirus"
    HERPES_SIMPLEX = "hsv", "Herpes simplex virus"
    LIPID_NANOPARTICLE = "lnp", "Lipid nanoparticle"
    PLASMID = "plasmid", "Plasmid (naked DNA)"
    ELECTROPORATION = "electroporation", "Electroporation"
    OTHER = "other", "Other"

    @classmethod
    def viral(cls) -> set[str]:
        return {cls.AAV, cls.LENTIVIRUS, cls.RETROVIRUS, cls.ADENOVIRUS, cls.HERPES_SIMPLEX}


class DeliveryRoute(models.TextChoices):
    IN_VIVO = "in-vivo", "In vivo (into the body)"
    EX_VIVO = "ex-vivo", "Ex vivo (cells modified outside the body)"


class ApprovalStatus(models.TextChoices):
    APPROVED = "approved", "Approved"
    CONDITIONAL = "conditional", "Conditional approval"
    UNDER_REVIEW = "under-review", "Under review"
    INVESTIGATIONAL = "investigational", "Investigational"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Regulator(models.TextChoices):
    FDA = "FDA", "FDA (United States)"
    EMA = "EMA", "EMA (European Union)"
    AEMPS = "AEMPS", "AEMPS (Spain)"
    MHRA = "MHRA", "MHRA (United Kingdom)"
    PMDA = "PMDA", "PMDA (Japan)"
    NMPA = "NMPA", "NMPA (China)"
    OTHER = "other", "Other"


class Region(models.TextChoices):
    EUROPE = "europe", "Europe"
    NORTH_AMERICA = "north-america", "North America"
    LATIN_AMERICA = "latin-america", "Latin America and the Caribbean"
    ASIA_PACIFIC = "asia-pacific", "Asia and the Pacific"
    MIDDLE_EAST_AFRICA = "middle-east-africa", "Middle East and Africa"


# Where each regulator's decisions apply ("other" has no region: it says nothing).
REGULATOR_REGIONS: dict[str, str] = {
    Regulator.FDA: Region.NORTH_AMERICA,
    Regulator.EMA: Region.EUROPE,
    Regulator.AEMPS: Region.EUROPE,
    Regulator.MHRA: Region.EUROPE,
    Regulator.PMDA: Region.ASIA_PACIFIC,
    Regulator.NMPA: Region.ASIA_PACIFIC,
}

# Treatment-centre countries an editor can pick, each in one region. A closed list
# (rather than free text) is what lets the directory derive a region reliably.
COUNTRY_REGIONS: dict[str, str] = {
    **dict.fromkeys(
        [
            "Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czechia", "Denmark",
            "Estonia", "Finland", "France", "Germany", "Greece", "Hungary", "Iceland",
            "Ireland", "Italy", "Latvia", "Lithuania", "Luxembourg", "Malta", "Netherlands",
            "Norway", "Poland", "Portugal", "Romania", "Slovakia", "Slovenia", "Spain",
            "Sweden", "Switzerland", "United Kingdom",
        ],
        Region.EUROPE,
    ),
    **dict.fromkeys(["Canada", "United States"], Region.NORTH_AMERICA),
    **dict.fromkeys(
        ["Argentina", "Brazil", "Chile", "Colombia", "Cuba", "Mexico", "Peru", "Uruguay"],
        Region.LATIN_AMERICA,
    ),
    **dict.fromkeys(
        [
            "Australia", "China", "Hong Kong", "India", "Japan", "New Zealand", "Singapore",
            "South Korea", "Taiwan", "Thailand",
        ],
        Region.ASIA_PACIFIC,
    ),
    **dict.fromkeys(
        ["Egypt", "Israel", "Saudi Arabia", "South Africa", "Turkey", "United Arab Emirates"],
        Region.MIDDLE_EAST_AFRICA,
    ),
}  # fmt: skip

COUNTRY_CHOICES = [(name, name) for name in sorted(COUNTRY_REGIONS)]


def regulators_in(region: str) -> list[str]:
    return [regulator for regulator, where in REGULATOR_REGIONS.items() if where == region]


def countries_in(region: str) -> list[str]:
    return [country for country, where in COUNTRY_REGIONS.items() if where == region]
