"""Factories for therapy profiles, conditions and a profile's inline rows."""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from django.utils.text import slugify

from helix.factories import saved_through_revision
from therapies.choices import ApprovalStatus, Modality, Regulator, TherapeuticAim, Vector
from therapies.models import (
    ClinicalTrial,
    Condition,
    TherapyApproval,
    TherapyIndexPage,
    TherapyPage,
    TreatmentCentre,
)


class ConditionFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "<p>A disorder some gene therapies treat.</p>"

    class Meta:
        model = Condition
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)
            self.save()


class TherapyIndexPageFactory(wagtail_factories.PageFactory):
    title = "Therapies"
    slug = "therapies"
    intro = "<p>Every therapy profile.</p>"
    revision = factory.PostGeneration(saved_through_revision)

    class Meta:
        model = TherapyIndexPage
        skip_postgeneration_save = True


class TherapyPageFactory(wagtail_factories.PageFactory):
    """A live profile; pass ``conditions=[...]`` and ``tags=[...]`` to link them.

    ``approvals=[{"regulator": "EMA", "status": "approved"}, ...]`` gives it exactly
    those approval rows; ``revision=True`` saves it through a revision as an editor
    does (see ``saved_through_revision``).
    """

    title = factory.Sequence(lambda n: f"Therapy {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "A gene therapy that adds a working copy of a faulty gene."
    modality = Modality.GENE_ADDITION
    aim = TherapeuticAim.REPLACE
    vector = Vector.AAV

    class Meta:
        model = TherapyPage
        skip_postgeneration_save = True

    @factory.post_generation
    def conditions(self, create, extracted, **kwargs):
        if extracted:
            self.conditions.set(extracted)
            if create:
                self.save()

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.set(extracted)
            if create:
                self.save()

    @factory.post_generation
    def approvals(self, create, extracted, **kwargs):
        if create and extracted:
            TherapyApproval.objects.bulk_create(
                TherapyApproval(page=self, sort_order=i, **fields)
                for i, fields in enumerate(extracted)
            )

    # Last: the revision holds the conditions, tags and approvals set above.
    revision = factory.PostGeneration(saved_through_revision)


class TherapyApprovalFactory(DjangoModelFactory):
    page = factory.SubFactory(TherapyPageFactory)
    regulator = Regulator.FDA
    product_name = factory.Sequence(lambda n: f"Product {n}")
    status = ApprovalStatus.APPROVED

    class Meta:
        model = TherapyApproval


class TreatmentCentreFactory(DjangoModelFactory):
    page = factory.SubFactory(TherapyPageFactory)
    name = factory.Sequence(lambda n: f"University Hospital {n}")
    city = "Madrid"
    country = "Spain"

    class Meta:
        model = TreatmentCentre


class ClinicalTrialFactory(DjangoModelFactory):
    page = factory.SubFactory(TherapyPageFactory)
    nct_number = factory.Sequence(lambda n: f"NCT{n:08d}")
    title = factory.Sequence(lambda n: f"Trial {n}")
    phase = "Phase 3"

    class Meta:
        model = ClinicalTrial
