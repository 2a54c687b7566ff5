"""``manage.py purge_personal_data [--dry-run]``: the retention rules, for cron (README, "Moderation and privacy")."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from comments.services import personal_data_purge


class Command(BaseCommand):
    help = (
        "Apply the retention rules: remove old addresses and user agents, reject pending comments nobody reviewed, "
        "delete old spam and rejected comments, delete expired idempotency keys. Comments on legal hold are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only print what would change.")

    def handle(self, *args, dry_run: bool = False, **options):
        counts = personal_data_purge(dry_run=dry_run)
        prefix = "would change" if dry_run else "changed"
        self.stdout.write(f"{prefix}: " + " ".join(f"{name}={value}" for name, value in counts.as_dict().items()))
