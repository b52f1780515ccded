"""Create or update the demo superuser and say how to log in."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create or update a superuser. The password comes from HELIX_ADMIN_PASSWORD, "
        "or is generated and printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@helix.example")

    def handle(self, *args, username: str, email: str, **options):
        password = os.environ.get("HELIX_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": email, "first_name": "Helix", "last_name": "Admin"},
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} superuser {username!r}.")
        self.stdout.write(f"Admin login: username {username}  password {password}")
