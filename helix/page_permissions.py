"""Who may delete a page: Wagtail's rules, and a draft is its owner's to delete.

Wagtail lets anyone with "change" on a page delete it while it (and every page
below it) is unpublished: an Editor could delete a colleague's draft, and with
it every revision of that work. Here a person who may not publish the page
deletes it only if they own it and every page below it (Wagtail's owner is the
person who created the page); people who may publish it, and superusers, keep
Wagtail's rules. The delete view, the bulk delete action and the buttons that
lead to them all ask ``page.permissions_for_user(user).can_delete()``.

Every Helix page type takes ``OwnDraftsMixin`` (a test checks each one).
"""

from wagtail.models import PagePermissionTester


class OwnDraftsPermissionTester(PagePermissionTester):
    def can_delete(self, ignore_bulk: bool = False) -> bool:
        if not super().can_delete(ignore_bulk=ignore_bulk):
            return False
        if self.user.is_superuser or "publish" in self.permissions:
            return True
        pages = self.page.get_descendants(inclusive=True)
        return not pages.exclude(owner=self.user).exists()


class OwnDraftsMixin:
    """Only the owner of an unpublished page, or someone who may publish it, deletes it.

    Wagtail calls an overridden ``permissions_for_user`` on the specific page,
    even from a plain ``Page`` (see ``Page.permissions_for_user``).
    """

    def permissions_for_user(self, user) -> PagePermissionTester:
        return OwnDraftsPermissionTester(user, self)
