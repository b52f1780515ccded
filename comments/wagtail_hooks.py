"""Comment moderation in the Wagtail admin: menu, listing, bulk actions, audit log, dashboard."""

from django.urls import reverse
from django.utils.functional import classproperty

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import SubMenuItem as SubMenuItemComponent
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet

from . import actions, counts
from .admin_views import MODERATE, CommentViewSet
from .models import Comment, Status


class CommentPermissionPolicy(ModelPermissionPolicy):
    """Moderators act on readers' comments; nobody writes one from scratch in the admin."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Comment, CommentPermissionPolicy(Comment), exact_class=True)


def status_counts(request) -> dict[str, int]:
    """Counts per status, read once per admin request (menu and dashboard share them)."""
    if not hasattr(request, "reader_comment_counts"):
        request.reader_comment_counts = counts.status_counts()
    return request.reader_comment_counts


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MODERATE)


class StatusMenuItem(ModeratorMenuItem):
    """ "Pending (3)": a link to the listing filtered by one status, with its count."""

    def __init__(self, status: Status, order: int):
        self.status = status
        super().__init__(
            status.label,
            reverse("comment_moderation:list") + f"?status={status.value}",
            name=f"comments-{status.value}",
            icon_name="comment",
            order=order,
        )

    def render_component(self, request):
        component = super().render_component(request)
        component.label = f"{self.status.label} ({status_counts(request)[self.status]})"
        return component


class CommentsMenuItem(SubmenuMenuItem):
    """The "Comments" menu; its label shows how many comments await moderation."""

    def render_component(self, request):
        pending = status_counts(request)[Status.PENDING]
        return SubMenuItemComponent(
            self.name,
            f"Comments ({pending})" if pending else "Comments",
            self.menu.render_component(request),
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


class MenuCommentViewSet(CommentViewSet):
    add_to_admin_menu = True
    menu_order = 250

    def get_menu_item(self, order=None):
        items = [
            StatusMenuItem(status, order=index)
            for index, status in enumerate(
                [Status.PENDING, Status.APPROVED, Status.SPAM, Status.TRASH]
            )
        ]
        items.append(
            ModeratorMenuItem(
                "Privacy requests",
                reverse("comment_moderation:privacy"),
                name="comments-privacy",
                icon_name="user",
                order=10,
            )
        )
        return CommentsMenuItem(
            "Comments",
            Menu(items=items),
            name="comments",
            icon_name="comment",
            order=self.get_menu_item_order(order),
        )


register_snippet(MenuCommentViewSet)


@hooks.register("register_log_actions")
def register_comment_log_actions(registry) -> None:
    for action in actions.ACTIONS.values():
        registry.register_action(
            action.log_action, f"Comment: {action.label.lower()}", f"Comment {action.past}"
        )
    registry.register_action("reader_comments.reply", "Comment: staff reply", "Staff reply posted")
    registry.register_action(
        "reader_comments.delete", "Comment: delete permanently", "Comment deleted permanently"
    )
    registry.register_action(
        "reader_comments.export", "Comment: export", "Comment exported (privacy request)"
    )
    registry.register_action(
        "reader_comments.erase", "Comment: erase", "Comment erased (privacy request)"
    )


class CommentBulkAction(SnippetBulkAction):
    """A moderation action on the selected comments, available to moderators only."""

    template_name = "comments/admin/bulk_action.html"
    action_name = ""

    @classproperty
    def models(cls):
        return [Comment]

    @classproperty
    def action_type(cls):
        return cls.action_name.replace("_", "-")

    @classproperty
    def display_name(cls):
        action = actions.ACTIONS.get(cls.action_name)
        return action.label if action else ""

    @classproperty
    def aria_label(cls):
        return f"{cls.display_name} the selected comments"

    def check_perm(self, obj):
        return self.request.user.has_perm(MODERATE)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action_label": self.display_name}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        changed = actions.apply(cls.action_name, objects, kwargs["self"].request.user)
        return len(changed), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        action = actions.ACTIONS[self.action_name]
        noun = "comment" if num_parent_objects == 1 else "comments"
        return f"{num_parent_objects} {noun} {action.past}."


def _bulk_action(name: str, priority: int) -> type[CommentBulkAction]:
    return type(
        f"{name.title().replace('_', '')}CommentBulkAction",
        (CommentBulkAction,),
        {"action_name": name, "action_priority": priority},
    )


for _priority, _name in enumerate(actions.ACTIONS, start=10):
    hooks.register("register_bulk_action", _bulk_action(_name, _priority))


@hooks.register("register_bulk_action", order=100)
class DeleteCommentsBulkAction(CommentBulkAction):
    """Replaces the snippets' delete action for comments, so each deletion is logged."""

    action_name = "delete"
    classes = {"serious"}

    @classproperty
    def action_type(cls):
        return "delete"

    @classproperty
    def display_name(cls):
        return "Delete permanently"

    @classproperty
    def aria_label(cls):
        return "Delete the selected comments permanently"

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return actions.delete_permanently(objects, kwargs["self"].request.user), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        noun = "comment" if num_parent_objects == 1 else "comments"
        return f"{num_parent_objects} {noun} deleted permanently."


class PendingCommentsPanel(Component):
    name = "pending_comments"
    template_name = "comments/admin/pending_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "pending": status_counts(request)[Status.PENDING],
            "url": reverse("comment_moderation:list") + "?status=pending",
        }


@hooks.register("construct_homepage_panels")
def add_pending_comments_panel(request, panels) -> None:
    if request.user.has_perm(MODERATE):
        panels.append(PendingCommentsPanel())
