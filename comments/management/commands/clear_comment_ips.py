"""Forget the IP address and browser of comments kept longer than the retention period.

Run it daily (cron or a scheduled task); the period is HELIX_COMMENT_IP_RETENTION_DAYS.
"""

from django.core.management.base import BaseCommand

from comments.privacy import clear_old_ips, ip_retention_days


class Command(BaseCommand):
    help = "Clear the IP address and user agent of comments older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of HELIX_COMMENT_IP_RETENTION_DAYS.",
        )

    def handle(self, *args, days, **options):
        days = ip_retention_days() if days is None else days
        cleared = clear_old_ips(days)
        self.stdout.write(
            f"Cleared the IP address of {cleared} comment{'s' if cleared != 1 else ''} "
            f"older than {days} day{'s' if days != 1 else ''}."
        )
