"""Keep the Administrators group complete as apps add models.

The roles migration can only grant the permissions that exist when it runs;
models added later (by any app) get their permissions after each ``migrate``.
Administrators means "everything", so they are topped up then.
"""

from django.contrib.auth.models import Group, Permission

from editorial import roles


def grant_administrators_everything(sender, using: str = "default", **kwargs) -> None:
    group = Group.objects.using(using).filter(name=roles.ADMINISTRATORS).first()
    if group is not None:
        missing = Permission.objects.using(using).exclude(group=group)
        group.permissions.add(*missing)
