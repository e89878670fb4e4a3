"""A realistic synthetic data set for benchmarks and manual trials (``manage.py gendata``).

Everything is drawn from one ``random.Random(seed)``, so a seed always gives the
same rows. Rows go in with ``bulk_create`` in large batches with the search
triggers switched off; the search documents are rebuilt in one statement at the end.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction

from partnerships.models import search
from partnerships.sample_data.synthetic.deals import Generator


@dataclass
class Result:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _partnership_tables() -> list[str]:
    config = apps.get_app_config("partnerships")
    return [model._meta.db_table for model in config.get_models(include_auto_created=True)]


def truncate() -> None:
    """Empty every table of the partnerships app (and reset their id sequences)."""
    tables = ", ".join(connection.ops.quote_name(table) for table in _partnership_tables())
    with connection.cursor() as cursor:
        _check_deferred_constraints(cursor)
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


def _check_deferred_constraints(cursor) -> None:
    """Run the queued deferred FK checks now: TRUNCATE and ALTER TABLE refuse while any wait."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def analyze() -> None:
    """Fresh planner statistics; VACUUM as well when outside a transaction (it can't be in one)."""
    verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in _partnership_tables():
            cursor.execute(f"{verb} {connection.ops.quote_name(table)}")


def _other_triggers() -> list[tuple[str, str]]:
    """Enabled user triggers on the partnerships tables other than the search ones.

    The history triggers, say: a synthetic data set needs no history, and writing
    one row of it per inserted row would double the load.
    """
    search_triggers = {trigger for _, trigger in search.TRIGGERS}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relname = ANY(%s) "
            "AND c.relnamespace = 'public'::regnamespace ORDER BY 1, 2",
            [_partnership_tables()],
        )
        return [row for row in cursor.fetchall() if row[1] not in search_triggers]


def _set_enabled(triggers: list[tuple[str, str]], enabled: bool) -> None:
    verb = "ENABLE" if enabled else "DISABLE"
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        _check_deferred_constraints(cursor)
        for table, trigger in triggers:
            cursor.execute(f"ALTER TABLE {quote(table)} {verb} TRIGGER {quote(trigger)}")


def generate(events: int, *, seed: int = 0, clear: bool = False) -> Result:
    """Make the data set in one transaction; ``clear`` empties the tables first.

    Triggers are off while rows go in (search, and any others such as history), then
    the search documents are rebuilt in one statement. Savepoints let each ``finally``
    switch triggers back on even after a failed statement, so the original error shows.
    """
    started = time.perf_counter()
    generator = Generator(events, seed)
    with transaction.atomic():
        if clear:
            truncate()
        others = _other_triggers()
        _set_enabled(others, False)
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    _check_deferred_constraints(cursor)
                search.set_triggers_enabled(False)
                try:
                    with transaction.atomic():
                        counts = generator.run()
                finally:
                    with connection.cursor() as cursor:
                        _check_deferred_constraints(cursor)
                    search.set_triggers_enabled(True)
                if counts.get("events"):
                    # Statistics first: planned against the empty tables, the per-event
                    # look-ups of quotes and citations in the rebuild become sequential
                    # scans (minutes instead of seconds).
                    analyze()
                    search.rebuild_search_vectors()
        finally:
            _set_enabled(others, True)
    analyze()
    return Result(counts=counts, seconds=time.perf_counter() - started)
