"""``manage.py gendata --events N [--seed S] [--clear]``: a synthetic data set."""

from django.core.management.base import BaseCommand, CommandError

from partnerships.sample_data.synthetic import generate


class Command(BaseCommand):
    help = (
        "Generate a realistic synthetic data set (companies, partnerships, agreement chains, "
        "events, sources, citations, quotes) for benchmarks and manual trials. "
        "Deterministic for a given --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, required=True, help="How many events to make.")
        parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
        parser.add_argument(
            "--clear",
            action="store_true",
            help="Empty every partnerships table first (TRUNCATE ... CASCADE).",
        )

    def handle(self, *args, events, seed, clear, **options):
        if events < 0:
            raise CommandError("--events must be zero or more.")
        result = generate(events, seed=seed, clear=clear)
        if clear:
            self.stdout.write("Cleared the partnerships tables.")
        for label, count in result.counts.items():
            self.stdout.write(f"  {count:>9,} {label}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {events:,} events (seed {seed}) in {result.seconds:.1f} s."
            )
        )
