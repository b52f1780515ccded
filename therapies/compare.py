"""Comparing two to four therapy profiles side by side.

The slugs come from the URL (``?t=car-t-cell-therapy&t=gene-therapy``) in the
order the reader gave them. Anything that cannot be compared (an unknown or
unpublished slug, a repeat, a fifth profile) is reported back to the reader
rather than raising an error.
"""

from django.db.models import Prefetch
from django.utils.functional import cached_property

from helix.text import strip_control_characters
from therapies.models import ClinicalTrial, TherapyPage, TherapyPageQuerySet

MIN_PROFILES = 2
MAX_PROFILES = 4


class Comparison:
    def __init__(self, therapies: TherapyPageQuerySet, slugs: list[str]):
        self.available = therapies
        # Only printable characters: unknown slugs are named back to the reader.
        wanted = [
            s.strip() for s in (strip_control_characters(slug) for slug in slugs) if s.strip()
        ]
        # A bound on what one URL can ask for keeps the lookup small.
        self.requested = list(dict.fromkeys(wanted))[: MAX_PROFILES * 3]

    @cached_property
    def _found(self) -> dict[str, TherapyPage]:
        therapies = (
            self.available.filter(slug__in=self.requested)
            .for_listing()
            .prefetch_related(
                Prefetch("trials", queryset=ClinicalTrial.objects.order_by("sort_order"))
            )
        )
        return {therapy.slug: therapy for therapy in therapies}

    @cached_property
    def _all_profiles(self) -> list[TherapyPage]:
        return [self._found[slug] for slug in self.requested if slug in self._found]

    @property
    def profiles(self) -> list[TherapyPage]:
        """The profiles shown, in the reader's order, at most four."""
        return self._all_profiles[:MAX_PROFILES]

    @property
    def too_many(self) -> bool:
        return len(self._all_profiles) > MAX_PROFILES

    @property
    def unknown_slugs(self) -> list[str]:
        return [slug for slug in self.requested if slug not in self._found][:MAX_PROFILES]

    @property
    def is_ready(self) -> bool:
        return len(self.profiles) >= MIN_PROFILES

    @cached_property
    def choices(self) -> list[TherapyPage]:
        """Every profile a reader could pick, for the form on the page."""
        return list(self.available.order_by("title").only("id", "title", "slug"))

    @property
    def selected_slugs(self) -> set[str]:
        return {therapy.slug for therapy in self.profiles}

    max_profiles = MAX_PROFILES
