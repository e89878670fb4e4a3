"""``make backup`` / ``make restore`` (config/backup.py), round-tripped on real PostgreSQL.

The source is the test database, filled with the demo data and edited so that history
exists; the backup is restored into a fresh database beside it, which is dropped after.
"""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from config.backup import (
    BackupError,
    Target,
    backup,
    client_version,
    dump_version_problem,
    restore,
)
from partnerships.models import Event
from partnerships.sample_data.demo import load_demo

ROOT = Path(__file__).resolve().parent.parent
# Makes pytest-django set up the test database; without a test that asks for it, the
# connection below would be the development database's.
pytestmark = pytest.mark.django_db

TABLES = """SELECT n.nspname || '.' || c.relname FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1"""
TRIGGERS = """SELECT c.relname, t.tgname, t.tgenabled, pg_get_triggerdef(t.oid)
              FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
              WHERE NOT t.tgisinternal ORDER BY 1, 2"""
SEQUENCES = "SELECT schemaname, sequencename, last_value FROM pg_sequences ORDER BY 1, 2"
# Every column fed by a sequence (identity or serial), with that sequence.
SEQUENCE_COLUMNS = """SELECT c.oid::regclass::text, a.attname,
                             pg_get_serial_sequence(c.oid::regclass::text, a.attname)
                      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                      JOIN pg_namespace n ON n.oid = c.relnamespace
                      WHERE c.relkind = 'r' AND n.nspname = 'public'
                        AND a.attnum > 0 AND NOT a.attisdropped
                        AND pg_get_serial_sequence(c.oid::regclass::text, a.attname) IS NOT NULL"""


def row_counts(conn: psycopg.Connection) -> dict[str, int]:
    """The test's own count of every table's rows (not the one under test)."""
    counts = {}
    for (table,) in conn.execute(TABLES).fetchall():
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(*table.split(".")))
        counts[table] = conn.execute(query).fetchone()[0]
    return counts


def history_rows(conn: psycopg.Connection, event_id: int) -> int:
    query = "SELECT count(*) FROM partnerships_eventhistory WHERE pgh_obj_id = %s"
    return conn.execute(query, [event_id]).fetchone()[0]


@pytest.fixture(scope="module")
def source(django_db_setup, django_db_blocker, tmp_path_factory) -> Target:
    """The test database, committed (pg_dump sees only committed rows): the demo data,
    one event edited through the ORM, one through SQL, one deleted. Put back as it was
    after (restored from a backup taken first): a flush would also empty what migrations
    put there, such as the Editors group, under the tests that run later."""
    with django_db_blocker.unblock():
        assert connection.settings_dict["NAME"].startswith("test_")  # never the dev database
        settings = connection.settings_dict
        target = Target(
            {
                "host": settings["HOST"],
                "port": settings["PORT"],
                "user": settings["USER"],
                "password": settings["PASSWORD"],
                "dbname": settings["NAME"],
            }
        )
        connection.close()
        as_migrated = backup(target, tmp_path_factory.mktemp("migrated") / "migrated.dump")
        load_demo()
        first, second, third = Event.objects.order_by("id")[:3]
        first.title += " (corrected)"
        first.save()
        Event.objects.filter(pk=second.pk).update(summary="Edited in bulk.")
        third.delete()
        yield target
        connection.close()
        restore(target, as_migrated.path, force=True)


@pytest.fixture
def fresh(source) -> Target:
    """A database name beside the test database that does not exist yet; dropped after."""
    target = source.with_database(f"{source.name}_restored")
    yield target
    with source.with_database("postgres").connect(autocommit=True) as conn:
        query = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        conn.execute(query.format(sql.Identifier(target.name)))


@pytest.fixture(scope="module")
def dump(source, tmp_path_factory) -> Path:
    return backup(source, tmp_path_factory.mktemp("backup") / "backup.dump").path


def test_backup_restore_keeps_every_tables_rows(source, fresh, dump):
    restored = restore(fresh, dump)

    with source.connect() as before, fresh.connect() as after:
        expected = row_counts(before)
        assert row_counts(after) == expected
    assert expected["public.partnerships_eventhistory"] > expected["public.partnerships_event"]
    assert sum(restored.counts.values()) == sum(expected.values())
    assert dump.stat().st_mode & 0o777 == 0o600


def test_backup_restore_keeps_history_search_and_version_triggers(source, fresh, dump):
    restore(fresh, dump)

    with source.connect() as before, fresh.connect() as after:
        triggers = after.execute(TRIGGERS).fetchall()
        assert triggers == before.execute(TRIGGERS).fetchall()
        names = {name for _, name, _, _ in triggers}
        assert any(name.startswith("pgtrigger_insert") for name in names)
        assert any(name.startswith("pgtrigger_bump_version") for name in names)
        assert "partnerships_event_search" in names

        event_id, version = after.execute(
            "SELECT id, version FROM partnerships_event ORDER BY id LIMIT 1"
        ).fetchone()
        history = history_rows(after, event_id)
        after.execute(
            "UPDATE partnerships_event SET title = title || ' quokka' WHERE id = %s", [event_id]
        )
        after.execute(
            "UPDATE partnerships_source SET title = title || ' wombat' WHERE id = "
            "(SELECT source_id FROM partnerships_eventcitation WHERE event_id = %s LIMIT 1)",
            [event_id],
        )
        found = after.execute(
            "SELECT version, search_vector @@ to_tsquery('english', 'quokka & wombat') "
            "FROM partnerships_event WHERE id = %s",
            [event_id],
        ).fetchone()
        assert found == (version + 1, True)
        assert history_rows(after, event_id) == history + 1


def test_backup_restore_sequences_continue(source, fresh, dump):
    restore(fresh, dump)

    with source.connect() as before, fresh.connect() as after:
        assert after.execute(SEQUENCES).fetchall() == before.execute(SEQUENCES).fetchall()
        columns = after.execute(SEQUENCE_COLUMNS).fetchall()
        assert len(columns) > 20
        for table, column, sequence in columns:
            query = sql.SQL("SELECT coalesce(max({}), 0) FROM {}").format(
                sql.Identifier(column), sql.Identifier(table)
            )
            highest = after.execute(query).fetchone()[0]
            assert after.execute("SELECT nextval(%s)", [sequence]).fetchone()[0] > highest
        assert (
            after.execute(
                "INSERT INTO auth_group (name) VALUES ('after restore') RETURNING id"
            ).fetchone()[0]
            > before.execute("SELECT max(id) FROM auth_group").fetchone()[0]
        )


def test_restore_refuses_a_database_with_data_without_force(source, fresh, dump):
    restore(fresh, dump)
    with fresh.connect() as conn:
        conn.execute("UPDATE partnerships_company SET name = name || ' (changed)'")
        expected = row_counts(conn)

    with pytest.raises(BackupError, match=r"(?s)is not empty .* Nothing was changed.*FORCE=1"):
        restore(fresh, dump)

    with fresh.connect() as conn:
        assert row_counts(conn) == expected
        query = "SELECT count(*) FROM partnerships_company WHERE name NOT LIKE '%%(changed)'"
        assert conn.execute(query).fetchone() == (0,)


def test_restore_with_force_replaces_the_data(source, fresh, dump):
    restore(fresh, dump)
    with fresh.connect() as conn:
        conn.execute("DELETE FROM partnerships_quote")

    restore(fresh, dump, force=True)

    with source.connect() as before, fresh.connect() as after:
        assert row_counts(after) == row_counts(before)


def test_restore_refuses_to_leave_tables_the_backup_lacks(source, fresh, dump):
    restore(fresh, dump)
    with fresh.connect() as conn:
        conn.execute("CREATE TABLE newer_migration (id int)")

    with pytest.raises(BackupError, match=r"(?s)newer_migration.*Nothing was changed"):
        restore(fresh, dump, force=True)


def test_restore_that_fails_midway_changes_nothing(source, fresh, dump, tmp_path):
    restore(fresh, dump)
    with fresh.connect() as conn:
        conn.execute("DELETE FROM partnerships_quote")
        expected = row_counts(conn)
    truncated = tmp_path / "truncated.dump"
    truncated.write_bytes(dump.read_bytes()[:-2000])  # the table of contents is whole

    with pytest.raises(BackupError, match="rolled back"):
        restore(fresh, truncated, force=True)

    with fresh.connect() as conn:
        assert row_counts(conn) == expected


def test_restore_command_refuses_a_file_that_is_not_a_dump(source, fresh, tmp_path):
    junk = tmp_path / "notes.dump"
    junk.write_text("CREATE TABLE x (id int);\n")
    url = f"postgresql://{source.params['user']}@{source.params['host']}:{source.params['port']}/"

    result = subprocess.run(
        [sys.executable, "-m", "config.backup", "restore", str(junk)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url + fresh.name},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert result.stderr.startswith(
        f"error: {junk} is not a pg_dump custom-format archive that pg_restore can read "
        "(nothing was changed):\npg_restore: error: "
    )
    with source.with_database("postgres").connect() as conn:
        exists = "SELECT 1 FROM pg_database WHERE datname = %s"
        assert conn.execute(exists, [fresh.name]).fetchone() is None


def test_backup_never_overwrites_a_file(source, tmp_path):
    existing = tmp_path / "kept.dump"
    existing.write_bytes(b"an earlier backup")

    with pytest.raises(BackupError, match="already exists"):
        backup(source, existing)

    assert existing.read_bytes() == b"an earlier backup"


def test_backup_refuses_a_server_newer_than_its_pg_dump():
    major, _ = client_version()

    assert dump_version_problem(major * 10000 + 6, '"db" on host:5432') is None
    assert dump_version_problem((major - 1) * 10000, '"db" on host:5432') is None
    assert dump_version_problem((major + 1) * 10000 + 1, '"db" on host:5432').startswith(
        f'the server of "db" on host:5432 runs PostgreSQL {major + 1}, newer than this '
        f"checkout's pg_dump {major}."
    )
