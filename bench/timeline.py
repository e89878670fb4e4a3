"""Timeline benchmark: server time and queries per request on a large synthetic data set.

    uv run python bench/timeline.py [--events 100000] [--repeat 50]    (or: make bench)

It never touches the development data: it works in its own database,
``partnerships_bench``, on the same server (created when missing), migrates it and
fills it with ``manage.py gendata`` unless it already holds exactly ``--events``
events, so reruns start at once. Requests go through ``django.test.Client`` in
process, with the test settings and DEBUG off. The script reports; it never fails
on a missed target.

Columns: p50/p95 of the server time (around ``client.get``), the median time spent
in SQL, queries per request, status codes, response size, and how many requests
were timed (fewer than ``--repeat`` when a scenario exceeds ``--budget`` seconds).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DATABASE = "partnerships_bench"
SEED = 0
# Words from partnerships/sample_data/synthetic/vocabulary.py: one in many documents, one in fewer.
SEARCH_WORD = "cloud"
RARER_WORD = "governance"
TARGET_FIRST_P50_MS = 30.0
TARGET_DEEP_RATIO = 1.3
TARGET_SEARCH_P95_MS = 50.0


def server_urls() -> tuple[str, str]:
    """(bench database URL, maintenance "postgres" database URL) on the dev server.

    The server is DATABASE_URL's when set, otherwise the embedded cluster (started if
    needed); only the database name changes, so the dev data is never touched.
    """
    base = os.environ.get("DATABASE_URL")
    if not base:
        from config import devdb

        base = devdb.ensure_url(BENCH_DATABASE)
    parts = urlsplit(base)
    return (
        urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}")),
        urlunsplit(parts._replace(path="/postgres")),
    )


def create_database(maintenance_url: str, *, drop: bool = False) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        if drop:
            conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
            print(f"Dropped database {BENCH_DATABASE}.")
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
            print(f"Created database {BENCH_DATABASE}.")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False


def schema_drift() -> list[str]:
    """Model columns missing from the bench database (say, after migrations were rewritten)."""
    from django.apps import apps
    from django.db import connection

    missing = []
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for model in apps.get_app_config("partnerships").get_models(include_auto_created=True):
            table = model._meta.db_table
            if table not in tables:
                missing.append(table)
                continue
            columns = {
                c.name for c in connection.introspection.get_table_description(cursor, table)
            }
            missing += [
                f"{table}.{field.column}"
                for field in model._meta.concrete_fields
                if field.column not in columns
            ]
    return missing


def prepare_data(events: int, maintenance_url: str) -> None:
    from django.core.management import call_command
    from django.db import connection

    from partnerships.models import Event

    try:
        call_command("migrate", interactive=False, verbosity=0)
        missing = schema_drift()
    except Exception as error:  # a stale schema can make migrate itself fail
        missing = [f"migrate failed: {error}"]
    if missing:
        print(f"{BENCH_DATABASE} does not match the models ({', '.join(missing[:5])}…).")
        connection.close()
        create_database(maintenance_url, drop=True)
        call_command("migrate", interactive=False, verbosity=0)
    have = Event.objects.count()
    if have == events:
        print(f"{BENCH_DATABASE} already holds {events:,} events; reusing them.")
        return
    print(f"{BENCH_DATABASE} holds {have:,} events; generating {events:,} (seed {SEED})…")
    started = time.perf_counter()
    call_command("gendata", events=events, seed=SEED, clear=True)
    print(f"Generated in {time.perf_counter() - started:.1f} s.")


def scenarios() -> list[tuple[str, str, dict[str, str]]]:
    """(name, url, headers), with the parameters picked from the data."""
    from django.db import connection
    from django.db.models import Count

    from partnerships.models import Company, Event, Partnership

    company = Company.objects.annotate(n=Count("events")).order_by("-n", "id").first()
    partnership = Partnership.objects.annotate(n=Count("events")).order_by("-n", "id").first()
    total = Event.objects.count()
    deep = None
    if total:
        # OFFSET is fine here (bench setup only): the key 90% of the way through (date, id).
        date, pk = Event.objects.order_by("date", "id").values_list("date", "id")[int(total * 0.9)]
        deep = f"{date.isoformat()}.{pk}"

    def matches(word: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM partnerships_event "
                "WHERE search_vector @@ plainto_tsquery('english', %s)",
                [word],
            )
            return cursor.fetchone()[0]

    print()
    print(f"Data: {total:,} events.")
    if company:
        print(f"  company filter:     {company.slug} ({company.n:,} events)")
    if partnership:
        print(f"  partnership filter: {partnership.slug} ({partnership.n:,} events)")
    for word in (SEARCH_WORD, RARER_WORD):
        print(f"  search {word!r}: matches {matches(word):,} events")
    if deep:
        print(f"  deep cursor:        after={deep} (position {int(total * 0.9):,})")

    def url(**params: str) -> str:
        return "/?" + urlencode(params) if params else "/"

    rows = [("first window", url(), {})]
    if company:
        rows.append(("filter: company", url(company=company.slug), {}))
    if partnership:
        rows.append(
            (
                "filter: partnership+kind",
                url(partnership=partnership.slug, kind="announcement"),
                {},
            )
        )
    rows.append(("search (many)", url(q=SEARCH_WORD), {}))
    rows.append(("search (fewer)", url(q=RARER_WORD), {}))
    if deep:
        rows.append(("deep window (90%)", url(after=deep), {}))
    rows.append(("overview: zoom=decade", url(zoom="decade"), {}))
    rows.append(("htmx first window", url(), {"HX-Request": "true"}))
    return rows


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def measure(
    client, url: str, headers: dict, repeat: int, budget: float, cold: bool = False
) -> dict:
    """Time repeated requests. cold=True empties the cache before each one (untimed):
    what the first reader after a write sees."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        response = client.get(url, headers=headers)
    times, db_times, queries, statuses, sizes = [], [], [], set(), set()
    slowest = (0.0, "")
    deadline = time.perf_counter() + budget
    for _ in range(repeat):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured.captured_queries))
        db_times.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        for query in captured.captured_queries:
            if float(query["time"]) * 1000 > slowest[0]:
                slowest = (float(query["time"]) * 1000, query["sql"])
        statuses.add(response.status_code)
        sizes.add(len(response.content))
        if time.perf_counter() > deadline:
            break
    return {
        "n": len(times),
        "p50": statistics.median(times),
        "p95": percentile(times, 0.95),
        "db": statistics.median(db_times),
        "slowest": slowest,
        "queries": queries,
        "statuses": statuses,
        "kb": statistics.median(sizes) / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="Seconds per scenario at most; a slow page gets fewer timed requests.",
    )
    parser.add_argument(
        "--fresh", action="store_true", help=f"Drop and recreate {BENCH_DATABASE} first."
    )
    parser.add_argument(
        "--slow", action="store_true", help="Also print each scenario's slowest SQL query."
    )
    args = parser.parse_args(argv)

    bench_url, maintenance_url = server_urls()
    create_database(maintenance_url, drop=args.fresh)
    setup_django(bench_url)
    prepare_data(args.events, maintenance_url)

    import logging

    from django.core.signals import got_request_exception
    from django.test import Client

    # A 500 shows in the table; its traceback once below it, not once per request.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    errors: dict[str, str] = {}
    current = {"name": ""}

    def remember(sender, request=None, **kwargs):
        exc = sys.exc_info()[1]
        errors.setdefault(current["name"], f"{type(exc).__name__}: {exc}"[:300])

    got_request_exception.connect(remember)
    client = Client(raise_request_exception=False)

    results, cold_results = {}, {}
    for name, url, headers in scenarios():
        current["name"] = name
        results[name] = (url, measure(client, url, headers, args.repeat, args.budget))
        cold_results[name] = (
            url,
            measure(client, url, headers, min(args.repeat, 20), args.budget, cold=True),
        )

    print_table("warm cache (repeated requests; the targets apply here)", results)
    print_table(
        "cold cache (emptied before each request: first reader after a write)", cold_results
    )
    print()
    for name, (url, _r) in results.items():
        print(f"  {name:<24} GET {url}")
    if args.slow:
        print()
        for name, (_url, r) in cold_results.items():
            ms, sql = r["slowest"]
            tail = sql[sql.find(" FROM ") :] if " FROM " in sql else sql
            print(f"  slowest query, {name}: {ms:.1f} ms\n    SELECT …{tail[:700]}")
    for name, message in errors.items():
        print(f"  ! {name}: {message}")
    return report_targets(results)


def print_table(title: str, results: dict) -> None:
    print()
    print(title)
    header = (
        f"{'scenario':<24} {'p50 ms':>8} {'p95 ms':>8} {'SQL ms':>8} {'queries':>8} "
        f"{'status':>7} {'KiB':>7} {'n':>4}"
    )
    print(header)
    print("-" * len(header))
    for name, (_url, r) in results.items():
        low, high = min(r["queries"]), max(r["queries"])
        queries = str(low) if low == high else f"{low}-{high}"
        status = ",".join(str(s) for s in sorted(r["statuses"]))
        print(
            f"{name:<24} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['db']:>8.1f} {queries:>8} {status:>7} "
            f"{r['kb']:>7.1f} {r['n']:>4}"
        )


def report_targets(results: dict) -> int:
    first = results["first window"][1]
    print()
    checks = [
        (
            f"first window p50 <= {TARGET_FIRST_P50_MS:.0f} ms",
            first["p50"] <= TARGET_FIRST_P50_MS,
            f"{first['p50']:.1f} ms",
        )
    ]
    if "deep window (90%)" in results:
        deep = results["deep window (90%)"][1]
        ratio = deep["p50"] / first["p50"] if first["p50"] else float("inf")
        print(f"deep/first p50 ratio: {ratio:.2f}")
        checks.append(
            (
                f"deep window p50 <= {TARGET_DEEP_RATIO}x first",
                ratio <= TARGET_DEEP_RATIO,
                f"{ratio:.2f}x",
            )
        )
    search = results["search (many)"][1]
    checks.append(
        (
            f"search p95 <= {TARGET_SEARCH_P95_MS:.0f} ms",
            search["p95"] <= TARGET_SEARCH_P95_MS,
            f"{search['p95']:.1f} ms",
        )
    )
    for label, ok, value in checks:
        print(f"  {'PASS' if ok else 'MISS'}  {label}  ({value})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
