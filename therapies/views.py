"""Condition pages: what a condition is, the therapies for it, the articles about it.

Conditions are snippets rather than pages (one vocabulary shared by every
profile), so their public pages are plain Django views.
"""

from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from caching.declared import show
from caching.keys import listing_key, object_key
from therapies.models import Condition, ConditionTag, TherapyPage


def published_therapies_for(condition_ref) -> Exists:
    through = TherapyPage.conditions.through.objects
    return Exists(
        through.filter(
            condition_id=condition_ref,
            therapypage__in=TherapyPage.objects.published().values("pk"),
        )
    )


class ConditionListView(ListView):
    """Every condition with at least one published therapy, A to Z."""

    template_name = "therapies/condition_list.html"
    context_object_name = "conditions"

    def get_queryset(self):
        show(listing_key(Condition), listing_key(TherapyPage))
        published = TherapyPage.objects.published().values("pk")
        return (
            Condition.objects.filter(published_therapies_for(OuterRef("pk")))
            .annotate(therapy_count=Count("therapies", filter=Q(therapies__in=published)))
            .only("name", "slug", "synonyms")
            .order_by("name")
        )


class ConditionDetailView(DetailView):
    template_name = "therapies/condition_detail.html"
    context_object_name = "condition"

    def get_object(self, queryset=None):
        return get_object_or_404(Condition, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        condition = self.object
        show(
            object_key(condition),
            listing_key(TherapyPage),
            # The articles about it, listed by the articles app's tag in the template.
            listing_key("articles.articlepage"),
            listing_key(ConditionTag),
        )
        context.update(
            therapies=list(condition.published_therapies().for_listing()),
            tags=list(condition.tags.all()),
        )
        return context
