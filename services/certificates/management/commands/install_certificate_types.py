"""`manage.py install_certificate_types [--pourashava CODE]`: add the default certificate
types a pourashava does not have yet (every pourashava when no code is given). Types a
pourashava already has are never changed, so this is safe to run again."""

from django.core.management.base import BaseCommand, CommandError

from backend.municipality.models import Pourashava
from services.certificates.services.catalogue import install_default_types


class Command(BaseCommand):
    help = "Install the default certificate types where missing (existing ones are kept)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--pourashava", metavar="CODE", help="Only this pourashava.")

    def handle(self, *args, pourashava: str | None = None, **options) -> None:
        pourashavas = Pourashava.objects.order_by("code")
        if pourashava:
            pourashavas = pourashavas.filter(code=pourashava.upper())
            if not pourashavas.exists():
                raise CommandError(f"No pourashava with code {pourashava!r}.")
        for each in pourashavas:
            created = install_default_types(each)
            codes = ", ".join(t.code for t in created) or "none (all present)"
            self.stdout.write(f"{each.code}: added {len(created)} certificate types: {codes}")
