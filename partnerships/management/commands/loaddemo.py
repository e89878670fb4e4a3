"""Load the demo partnerships; see ``partnerships.sample_data.demo`` for the data."""

from django.core.management.base import BaseCommand

from partnerships.models import Event
from partnerships.sample_data.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo data (Microsoft–OpenAI, Apple–OpenAI, Stargate). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only when the database has no events yet.",
        )

    def handle(self, *args, if_empty: bool = False, **options):
        if if_empty:
            count = Event.objects.count()
            if count:
                self.stdout.write(
                    f"Skipped the demo data: the database already has {count} event(s)."
                )
                return
        result = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo data: {result}."))
