"""Erase every comment posted with one e-mail address (a reader's erasure request)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from comments.models import Comment
from comments.privacy import erase_comments


class Command(BaseCommand):
    help = "Delete every reader comment posted with an e-mail address (and replies to them)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--yes", action="store_true", help="Erase without asking for confirmation."
        )

    def handle(self, *args, email, yes, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"{email!r} is not an e-mail address.") from error
        count = Comment.objects.by_email(email).count()
        if not count:
            self.stdout.write(f"No comments by {email}.")
            return
        if not yes:
            answer = input(f"Erase {count} comment(s) by {email}? This cannot be undone. [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing erased.")
        erased = erase_comments(email)
        self.stdout.write(
            self.style.SUCCESS(f"Erased {erased} comment{'s' if erased != 1 else ''} by {email}.")
        )
