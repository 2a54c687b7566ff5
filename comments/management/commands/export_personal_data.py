"""``manage.py export_personal_data --email X [--output FILE]``: everything stored about an e-mail address, as JSON."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from comments.export import personal_data_export


class Command(BaseCommand):
    help = "Print (or write to --output) everything stored about an e-mail address, as JSON (an access request)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args, email: str, output: str | None = None, **options):
        try:
            data = personal_data_export(email=email)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stderr.write(f"{len(data['comments'])} comments written to {output}")
        else:
            self.stdout.write(text)
