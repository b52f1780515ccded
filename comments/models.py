"""Reader comments on articles and therapy profiles, held for moderation.

Not to be confused with ``wagtail.models.Comment``: those are editors' notes on
drafts inside the admin. A reader's comment is never public until its status is
``approved``; ``CommentModerator`` (comments/moderation.py) decides the status of
a new comment from the rules in ``CommentSettings`` and records which rule did.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import Count
from django.db.models.expressions import RawSQL
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page

from helix.text import strip_control_characters

from .text import initials

NAME_MAX_LENGTH = 100
EMAIL_MAX_LENGTH = 254
URL_MAX_LENGTH = 200
BODY_MAX_LENGTH = 5000


class CommentablePageMixin(models.Model):
    """A page readers may comment on; editors can close its comments."""

    comments_open = models.BooleanField(
        default=True, help_text="Readers may post new comments on this page."
    )

    settings_panels = [FieldPanel("comments_open")]

    class Meta:
        abstract = True


class Status(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    SPAM = "spam", "Spam"
    TRASH = "trash", "Trash"


class Rule(models.TextChoices):
    """Why a comment has its status: shown to moderators next to each comment."""

    HOLD_ALL = "hold-all", "Held: every comment is held for moderation"
    OPEN = "open", "Approved: comments are published without moderation"
    KNOWN_AUTHOR = "known-author", "Approved: the author has a previously approved comment"
    LINKS = "links", "Held: too many links"
    MODERATION_WORDS = "moderation-words", "Held: contains a word on the moderation list"
    DISALLOWED_WORDS = "disallowed-words", "Spam: contains a word on the disallowed list"
    FLOOD_CHECK_UNAVAILABLE = (
        "flood-check-unavailable",
        "Held: the flood check was unavailable when it was posted",
    )
    STAFF = "staff", "Approved: a staff reply"
    MODERATOR = "moderator", "Set by a moderator"


#: Conversations (a top-level comment and its replies) shown per page of a thread.
THREADS_PER_PAGE = 50


def visible_to(own_ids: Iterable[int] = ()) -> models.Q:
    """Approved comments, and the pending ones this reader posted (``own_ids``)."""
    visible = models.Q(status=Status.APPROVED)
    own_ids = [int(pk) for pk in own_ids]
    if own_ids:
        visible |= models.Q(status=Status.PENDING, pk__in=own_ids)
    return visible


class CommentQuerySet(models.QuerySet):
    def approved(self) -> "CommentQuerySet":
        return self.filter(status=Status.APPROVED)

    def awaiting_moderation(self) -> "CommentQuerySet":
        return self.filter(status=Status.PENDING)

    def spam(self) -> "CommentQuerySet":
        return self.filter(status=Status.SPAM)

    def trashed(self) -> "CommentQuerySet":
        return self.filter(status=Status.TRASH)

    def for_page(self, page: Page) -> "CommentQuerySet":
        return self.filter(page_id=page.pk)

    def by_email(self, email: str) -> "CommentQuerySet":
        return self.filter(email__iexact=email.strip())

    def thread_for(self, page: Page, own_ids: Iterable[int] = ()) -> "CommentQuerySet":
        """The comments a reader may see on a page: approved ones plus their own pending ones.

        One query, oldest first, so the thread is built in Python whatever its size.
        """
        return (
            self.for_page(page)
            .filter(visible_to(own_ids))
            .only(
                "pk",
                "page_id",
                "parent_id",
                "depth",
                "name",
                "url",
                "body",
                "status",
                "is_staff_reply",
                "created",
            )
            .order_by("created", "pk")
        )

    def thread_page(
        self,
        page: Page,
        own_ids: Iterable[int] = (),
        number: int = 1,
        per_page: int = THREADS_PER_PAGE,
    ) -> "CommentQuerySet":
        """Page ``number`` of a page's conversations, newest first: ``thread_for`` bounded.

        ``per_page + 1`` top-level comments (the extra one, the oldest, only tells
        that older ones exist) and every visible reply under them, at any depth,
        in one query (a recursive CTE on ``parent_id``): the busiest article has
        thousands of comments, and a reader sees the newest conversations first.
        """
        own_ids = [int(pk) for pk in own_ids]
        offset = (number - 1) * per_page
        roots = (
            Comment.objects.filter(page_id=page.pk, parent_id__isnull=True)
            .filter(visible_to(own_ids))
            .order_by("-created", "-pk")
            .values(root_id=models.F("pk"))[offset : offset + per_page + 1]
        )
        roots_sql, roots_params = roots.query.sql_with_params()
        reply_visible = "c.status = %s"
        reply_params: list = [Status.APPROVED]
        if own_ids:
            placeholders = ", ".join(["%s"] * len(own_ids))
            reply_visible += f" OR (c.status = %s AND c.id IN ({placeholders}))"
            reply_params += [Status.PENDING, *own_ids]
        table = connection.ops.quote_name(Comment._meta.db_table)
        shown = RawSQL(
            f"WITH RECURSIVE shown(id) AS ("
            f"SELECT r.root_id FROM ({roots_sql}) r "
            f"UNION ALL "
            f"SELECT c.id FROM {table} c INNER JOIN shown s ON c.parent_id = s.id "
            f"WHERE c.page_id = %s AND ({reply_visible})"
            f") SELECT id FROM shown",
            (*roots_params, page.pk, *reply_params),
        )
        return self.thread_for(page, own_ids).filter(pk__in=shown)

    def status_counts(self) -> dict[str, int]:
        """``{status: count}`` for every status, in one query (the admin menu shows them)."""
        counts = dict.fromkeys(Status.values, 0)
        for row in self.order_by().values("status").annotate(n=Count("pk")):
            counts[row["status"]] = row["n"]
        return counts


class Comment(models.Model):
    """A reader's comment on a page, or a staff reply posted from the admin."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="reader_comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(
        default=1, help_text="1 for a comment on the page, 2 for a reply to it, and so on."
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    email = models.EmailField("e-mail", max_length=EMAIL_MAX_LENGTH)
    url = models.URLField("website", max_length=URL_MAX_LENGTH, blank=True)
    body = models.TextField("comment", max_length=BODY_MAX_LENGTH)
    # Its own index serves the counts by status: far smaller than the queue's index
    # (Meta.indexes; B-tree deduplication), so a count scans a seventh of the pages.
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    status_before_trash = models.CharField(max_length=10, choices=Status.choices, blank=True)
    rule = models.CharField(
        "decided by", max_length=32, choices=Rule.choices, default=Rule.HOLD_ALL
    )
    is_staff_reply = models.BooleanField(default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The staff member who wrote a staff reply.",
    )
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    objects = CommentQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("body"),
    ]

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            # A page's thread (thread_for) and the queue filtered by page.
            models.Index(fields=["page", "status", "created"]),
            # The moderation queue: one status, newest first, in its listing order.
            models.Index(fields=["status", "-created", "-id"], name="comment_queue_idx"),
        ]
        permissions = [("moderate_comment", "Can moderate reader comments")]

    def __str__(self) -> str:
        excerpt = self.body[:60] + ("…" if len(self.body) > 60 else "")
        return f"{self.name} on “{self.page.title}”: {excerpt}"

    def save(self, *args, **kwargs) -> None:
        # Control characters break XML feeds and terminals; strip them whoever wrote the text.
        for field in ("name", "email", "url", "body", "user_agent"):
            setattr(self, field, strip_control_characters(getattr(self, field)))
        self.depth = self.parent.depth + 1 if self.parent_id else 1
        super().save(*args, **kwargs)

    def thread_number(self, per_page: int = THREADS_PER_PAGE) -> int:
        """Which page of its page's thread (``thread_page``) shows this comment.

        Climbs to the top-level comment (one query a level) and counts the
        approved conversations newer than it.
        """
        root = self
        while root.parent_id is not None:
            root = Comment.objects.only("pk", "parent_id", "created").get(pk=root.parent_id)
        newer = (
            Comment.objects.approved()
            .filter(page_id=self.page_id, parent_id__isnull=True)
            .filter(
                models.Q(created__gt=root.created) | models.Q(created=root.created, pk__gt=root.pk)
            )
            .count()
        )
        return newer // per_page + 1

    @property
    def initials(self) -> str:
        return initials(self.name)

    @property
    def is_public(self) -> bool:
        return self.status == Status.APPROVED


def comment_counts(pages: Iterable[Page | int]) -> dict[int, int]:
    """``{page_id: number of approved comments}`` for listings, in one query.

    Pages without approved comments are absent: use ``counts.get(page.pk, 0)``.
    """
    ids = [page if isinstance(page, int) else page.pk for page in pages]
    if not ids:
        return {}
    rows = (
        Comment.objects.approved()
        .filter(page_id__in=ids)
        .order_by()
        .values("page_id")
        .annotate(n=Count("pk"))
    )
    return {row["page_id"]: row["n"] for row in rows}


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    """The discussion rules a site owner can change without a deploy (cf. WordPress)."""

    hold_all = models.BooleanField(
        "hold every comment for moderation",
        default=True,
        help_text="Nothing is published until a moderator approves it (unless the rule "
        "below approves it).",
    )
    approve_known_authors = models.BooleanField(
        "approve authors with a previously approved comment",
        default=False,
        help_text="Matched on the e-mail address.",
    )
    link_limit = models.PositiveSmallIntegerField(
        "hold comments with this many links or more",
        default=2,
        help_text="0 turns this rule off.",
    )
    moderation_words = models.TextField(
        "moderation word list",
        blank=True,
        help_text="One word or phrase a line. A comment containing one (in its text, name, "
        "e-mail or website) is held for moderation.",
    )
    disallowed_words = models.TextField(
        "disallowed word list",
        blank=True,
        help_text="One word or phrase a line. A comment containing one goes to spam.",
    )
    close_after_days = models.PositiveIntegerField(
        "close comments after this many days",
        null=True,
        blank=True,
        help_text="Counted from the page's first publication. Empty: never close.",
    )
    max_depth = models.PositiveSmallIntegerField(
        "reply depth",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="1 allows no replies; 3 allows replies to replies.",
    )
    notify_page_owner = models.BooleanField(
        "e-mail the page's owner about new comments",
        default=False,
        help_text="Moderators are always told.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("hold_all"), FieldPanel("approve_known_authors")],
            heading="Before a comment appears",
        ),
        MultiFieldPanel(
            [
                FieldPanel("link_limit"),
                FieldPanel("moderation_words"),
                FieldPanel("disallowed_words"),
            ],
            heading="Moderation rules",
        ),
        MultiFieldPanel(
            [FieldPanel("close_after_days"), FieldPanel("max_depth")], heading="Discussion"
        ),
        FieldPanel("notify_page_owner"),
    ]

    class Meta:
        verbose_name = "comment settings"

    @staticmethod
    def _words(text: str) -> list[str]:
        return [line.strip().lower() for line in text.splitlines() if line.strip()]

    @property
    def moderation_word_list(self) -> list[str]:
        return self._words(self.moderation_words)

    @property
    def disallowed_word_list(self) -> list[str]:
        return self._words(self.disallowed_words)

    def is_closed(self, page: Page, now=None) -> bool:
        """Whether new comments are refused on ``page`` (its switch or its age)."""
        if not getattr(page, "comments_open", False):
            return True
        if self.close_after_days is None:
            return False
        published = getattr(page, "first_published", None) or page.first_published_at
        if published is None:
            return False
        now = now or timezone.now()
        return (now - published).days >= self.close_after_days


class UsedFormTokenQuerySet(models.QuerySet):
    def spend(self, nonce: str, lifetime: timedelta) -> bool:
        """Record that the form with ``nonce`` has posted; False if it already had.

        Tokens used longer ago than ``lifetime`` are forgotten first: such a form is
        refused as expired anyway, so the table holds only the last hours' posts.
        """
        self.filter(used_at__lt=timezone.now() - lifetime).delete()
        _, created = self.get_or_create(nonce=nonce)
        return created


class UsedFormToken(models.Model):
    """The token of a comment form that has posted: each form posts one comment.

    In the database because every app server must see it (a record in one
    process's memory would let a form post once per process); the unique nonce
    also settles two posts of one form arriving at once.
    """

    nonce = models.CharField(max_length=32, unique=True)
    used_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = UsedFormTokenQuerySet.as_manager()

    def __str__(self) -> str:
        return self.nonce
