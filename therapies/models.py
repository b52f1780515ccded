"""Therapy profiles: what a gene therapy is, how it works, for whom, and its status."""

from django.db import models

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from comments.models import CommentablePageMixin
from helix.blocks import BodyBlock, KeyFiguresBlock
from sources.models import CitingPageMixin


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


class ConditionTag(TaggedItemBase):
    content_object = ParentalKey(
        "therapies.Condition", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Condition(index.Indexed, ClusterableModel):
    """A disease or disorder that gene therapies treat."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    synonyms = models.CharField(
        max_length=500, blank=True, help_text="Other names, separated by commas."
    )
    description = RichTextField(features=["bold", "italic", "link", "citation"], blank=True)
    icd10 = models.CharField("ICD-10 code", max_length=20, blank=True)
    orpha = models.CharField("ORPHA code", max_length=20, blank=True)
    tags = ClusterTaggableManager(through=ConditionTag, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("synonyms"),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("icd10"), FieldPanel("orpha")], heading="Codes"),
        FieldPanel("tags"),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("synonyms", boost=2),
        index.SearchField("description"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TherapyTag(TaggedItemBase):
    content_object = ParentalKey(
        "therapies.TherapyPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class TherapyIndexPage(Page):
    """The therapy directory, with facets."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["therapies.TherapyPage"]
    max_count = 1


class TherapyPage(CitingPageMixin, CommentablePageMixin, Page):
    """A structured profile of one gene therapy."""

    also_known_as = models.CharField(
        max_length=300, blank=True, help_text="Other names and product names, comma-separated."
    )
    summary = models.TextField(
        max_length=600, help_text="What the therapy is, in two or three sentences."
    )
    modality = models.CharField(max_length=32, choices=Modality.choices)
    aim = models.CharField("therapeutic aim", max_length=16, choices=TherapeuticAim.choices)
    vector = models.CharField(max_length=32, choices=Vector.choices, blank=True)
    delivery_route = models.CharField(max_length=16, choices=DeliveryRoute.choices, blank=True)
    target_genes = models.CharField(
        max_length=200, blank=True, help_text="Gene symbols, comma-separated (e.g. F9, DMD)."
    )
    conditions = ParentalManyToManyField(Condition, blank=True, related_name="therapies")
    key_figures = StreamField(KeyFiguresBlock(), blank=True)
    body = StreamField(BodyBlock(), blank=True)
    challenges = RichTextField(
        "challenges and safety", features=["bold", "italic", "link", "ul", "citation"], blank=True
    )
    tags = ClusterTaggableManager(through=TherapyTag, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("also_known_as"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("modality"),
                FieldPanel("aim"),
                FieldPanel("vector"),
                FieldPanel("delivery_route"),
                FieldPanel("target_genes"),
            ],
            heading="How it works",
        ),
        FieldPanel("conditions"),
        InlinePanel("approvals", label="Approval", heading="Approvals"),
        InlinePanel("centres", label="Treatment centre", heading="Treatment centres"),
        InlinePanel("trials", label="Clinical trial", heading="Clinical trials"),
        FieldPanel("key_figures"),
        FieldPanel("body"),
        FieldPanel("challenges"),
        FieldPanel("further_reading"),
        FieldPanel("tags"),
    ]
    settings_panels = Page.settings_panels + CommentablePageMixin.settings_panels
    search_fields = Page.search_fields + [
        index.SearchField("also_known_as", boost=2),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("modality"),
    ]

    parent_page_types = ["therapies.TherapyIndexPage"]
    subpage_types: list[str] = []


class TherapyApproval(Orderable):
    page = ParentalKey(TherapyPage, on_delete=models.CASCADE, related_name="approvals")
    regulator = models.CharField(max_length=16, choices=Regulator.choices)
    product_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=ApprovalStatus.choices)
    date = models.DateField(null=True, blank=True)
    indication = models.CharField(max_length=300, blank=True)
    citation = models.ForeignKey(
        "sources.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        FieldPanel("regulator"),
        FieldPanel("product_name"),
        FieldPanel("status"),
        FieldPanel("date"),
        FieldPanel("indication"),
        FieldPanel("citation"),
    ]


class TreatmentCentre(Orderable):
    page = ParentalKey(TherapyPage, on_delete=models.CASCADE, related_name="centres")
    name = models.CharField(max_length=200)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True)

    panels = [FieldPanel("name"), FieldPanel("city"), FieldPanel("country")]


class ClinicalTrial(Orderable):
    page = ParentalKey(TherapyPage, on_delete=models.CASCADE, related_name="trials")
    nct_number = models.CharField("NCT number", max_length=11, help_text="E.g. NCT01234567.")
    title = models.CharField(max_length=300, blank=True)
    phase = models.CharField(max_length=20, blank=True)

    panels = [FieldPanel("nct_number"), FieldPanel("title"), FieldPanel("phase")]
