"""Small builders the article tests share (therapy profiles have no factory here)."""

from therapies.models import TherapyApproval, TherapyIndexPage, TherapyPage


def therapy_index(home) -> TherapyIndexPage:
    index = TherapyIndexPage.objects.first()
    if index is None:
        index = TherapyIndexPage(title="Therapies", slug="therapies")
        home.add_child(instance=index)
    return index


def make_therapy(home, slug: str, *, live: bool = True, approvals=(), tags=()) -> TherapyPage:
    therapy = TherapyPage(
        title=slug.replace("-", " ").title(),
        slug=slug,
        summary=f"About {slug}.",
        modality="cell-therapy",
        aim="introduce",
        live=live,
    )
    therapy_index(home).add_child(instance=therapy)
    for regulator, status in approvals:
        TherapyApproval.objects.create(page=therapy, regulator=regulator, status=status)
    if tags:
        therapy.tags.set(list(tags))
        therapy.save()
    return therapy
