"""``manage.py erase_personal_data --email X [--mode anonymise|delete] [--language ar|en]``: an erasure request."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from comments.services import personal_data_erase
from comments.services.privacy import MODES


class Command(BaseCommand):
    help = "Erase what is stored about an e-mail address (comments on legal hold are kept). Audited as a privacy request."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--mode", choices=MODES, help="Default: the ERASURE_MODE setting (%s)." % settings.CMS["ERASURE_MODE"])
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES],
                            help="Language of the anonymous name (default: the site's, %s)." % settings.LANGUAGE_CODE)

    def handle(self, *args, email: str, mode: str | None = None, language: str | None = None, **options):
        mode = mode or settings.CMS["ERASURE_MODE"]
        try:
            result = personal_data_erase(email=email, mode=mode, language=language)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            f"mode={mode} anonymised={result.anonymised} deleted={result.deleted} "
            f"tombstoned={result.tombstoned} on_legal_hold={result.on_legal_hold}"
        )
