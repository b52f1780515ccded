"""Print, as JSON, every comment posted with one e-mail address (a reader's access request)."""

import json

from django.core.management.base import BaseCommand
from django.core.validators import validate_email

from comments.privacy import export_comments


class Command(BaseCommand):
    help = "Export every reader comment posted with an e-mail address, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        validate_email(email)
        comments = export_comments(email)
        self.stdout.write(json.dumps({"email": email, "comments": comments}, indent=2))
        self.stderr.write(f"Exported {len(comments)} comment{'s' if len(comments) != 1 else ''}.")
