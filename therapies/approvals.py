"""Regulators' decisions on a therapy, edited inline on its profile.

Defined apart from the page models; the model belongs to the therapies app and
is re-exported by ``therapies.models``.
"""

from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from therapies.choices import ApprovalStatus, Regulator

# From furthest along to least: what a card shows when a therapy has several decisions.
STATUS_PRECEDENCE = [
    ApprovalStatus.APPROVED,
    ApprovalStatus.CONDITIONAL,
    ApprovalStatus.UNDER_REVIEW,
    ApprovalStatus.INVESTIGATIONAL,
    ApprovalStatus.WITHDRAWN,
]


class TherapyApproval(Orderable):
    """One regulator's decision on one product (or the state of its application)."""

    page = ParentalKey("therapies.TherapyPage", on_delete=models.CASCADE, related_name="approvals")
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

    def __str__(self) -> str:
        name = self.product_name or "Therapy"
        return f"{name}: {self.get_status_display()} ({self.regulator})"

    @property
    def badge_modifier(self) -> str:
        """The CSS badge variant: green for approved, amber for anything short of it."""
        if self.status == ApprovalStatus.APPROVED:
            return "badge--approved"
        return "badge--warning" if self.status == ApprovalStatus.WITHDRAWN else ""
