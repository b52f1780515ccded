"""Demo comments: a short discussion on the first live article, and one comment awaiting moderation.

Idempotent: comments are found by their text, so a second run adds nothing.
Skipped silently while there is no article (the articles loader runs first).
"""

from datetime import timedelta

from django.utils import timezone

from .models import Comment, Rule, Status

THREAD = [
    # (key, parent key, name, email, staff, status, text)
    (
        "q-durability",
        None,
        "Marta Ortiz",
        "marta.ortiz@example.com",
        False,
        Status.APPROVED,
        "My son was diagnosed last year. How long does the effect of a one-time gene "
        "therapy last? Is it expected to be lifelong?",
    ),
    (
        "a-durability",
        "q-durability",
        "Helix editors",
        "editors@helix.example",
        True,
        Status.APPROVED,
        "Thank you for asking. Follow-up in the published trials now runs to several "
        "years, and for most patients the effect has held so far; how long it lasts "
        "beyond that is still being measured. Your child's care team can tell you "
        "what is known for his specific condition.",
    ),
    (
        "thanks",
        "a-durability",
        "Marta Ortiz",
        "marta.ortiz@example.com",
        False,
        Status.APPROVED,
        "That helps, thank you. We will ask at our next appointment.",
    ),
    (
        "references",
        None,
        "Dr. Samuel Greene",
        "s.greene@example.org",
        False,
        Status.APPROVED,
        "A clear summary. The reference list at the end is especially useful for "
        "patients who want to read the original studies.",
    ),
    (
        "pending",
        None,
        "Jon Park",
        "jon.park@example.net",
        False,
        Status.PENDING,
        "Are there centres in Spain that offer this treatment yet?",
    ),
]


def load(stdout=None) -> list[Comment]:
    from articles.models import ArticlePage

    article = ArticlePage.objects.live().public().order_by("pk").first()
    if article is None:
        return []
    created_at = timezone.now() - timedelta(days=len(THREAD))
    comments: dict[str, Comment] = {}
    for index, (key, parent_key, name, email, staff, status, text) in enumerate(THREAD):
        comment = Comment.objects.filter(page=article, body=text).first()
        if comment is None:
            comment = Comment.objects.create(
                page=article,
                parent=comments.get(parent_key),
                name=name,
                email=email,
                body=text,
                status=status,
                rule=Rule.STAFF
                if staff
                else (Rule.MODERATOR if status == Status.APPROVED else Rule.HOLD_ALL),
                is_staff_reply=staff,
                created=created_at + timedelta(hours=index * 5),
            )
        comments[key] = comment
    if stdout is not None:
        stdout.write(f"Demo comments on “{article.title}”: {len(comments)}.")
    return list(comments.values())
