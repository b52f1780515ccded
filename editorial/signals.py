"""Keep the Administrators group complete as apps add models.

The roles migration can only grant the permissions that exist when it runs;
models added later (by any app) get their permissions after each ``migrate``.
Administrators means "everything", so they are topped up then (which also
means a permission removed from Administrators by hand returns at the next
``migrate``: remove people from the group instead).
"""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from editorial import roles


def grant_administrators_everything(sender, using: str = "default", **kwargs) -> None:
    if sender is not None and kwargs.get("apps") is not None:
        # Django creates an app's permissions in a post_migrate receiver that may
        # run after this one; creating them first is idempotent.
        create_permissions(sender, verbosity=0, using=using, apps=kwargs["apps"])
    group = Group.objects.using(using).filter(name=roles.ADMINISTRATORS).first()
    if group is not None:
        missing = Permission.objects.using(using).exclude(group=group)
        group.permissions.add(*missing)
