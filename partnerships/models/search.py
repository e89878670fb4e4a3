"""Full-text search over events: the document, its triggers, and the bulk rebuild.

An event's document holds, by weight:

- A: its title, and B: its summary — the editors' own words about the event;
- C: its quotes (speaker and text) and its citations' excerpts — passages about this
  event in particular;
- D: the title, publisher and author of each source it cites — what readers search
  for ("Reuters", a reporter's name) but the weakest evidence, since one article is
  often cited by many events and a publisher by most of them.

PostgreSQL keeps ``event.search_vector`` current with triggers, so writes from forms,
the admin, the shell, ``QuerySet.update()`` and bulk loads are all caught; a GIN index
serves the ``@@`` match. The triggers on quotes, citations and sources are per
statement, over transition tables: a bulk write re-indexes the events it touched in
one ``UPDATE``, and a source edit re-indexes the events citing it only when its
title, publisher or author changed. That ``UPDATE`` of events also moves the timeline
stamp (migration 0004), so cached cards and counts follow a renamed source.
"""

from django.db import connection

CONFIG = "english"

# The text each part of the document is made of. queries/search.py matches the same
# texts one by one to say where a result matched, so they are written once, here.
QUOTE_TEXT = "concat_ws(' ', q.speaker, q.text)"  # q: partnerships_quote
SOURCE_TEXT = "concat_ws(' — ', nullif(s.publisher, ''), nullif(s.author, ''), s.title)"
TITLE_AND_SUMMARY_WEIGHTS = "{a,b}"

# The document's parts that live in other tables, and the columns of each that the
# document reads: an update that changes none of them re-indexes nothing.
CHILDREN = {
    "partnerships_quote": ("event_id", "speaker", "text"),
    "partnerships_eventcitation": ("event_id", "source_id", "excerpt"),
}
SOURCE_COLUMNS = ("title", "publisher", "author")
OPERATIONS = ("insert", "update", "delete")
TRANSITION_TABLES = {
    "insert": "NEW TABLE AS new_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
}


def _changed(columns: tuple[str, ...]) -> str:
    new = ", ".join(f"n.{column}" for column in columns)
    old = ", ".join(f"o.{column}" for column in columns)
    return f"({new}) IS DISTINCT FROM ({old})"


def _reindex_function(name: str, events_to_reindex: str) -> str:
    """A trigger function that re-indexes, in one UPDATE, the events its query selects
    into ``ids`` (none: no UPDATE, so the timeline stamp stays)."""
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[];
BEGIN
  {events_to_reindex}
  IF ids IS NOT NULL THEN
    UPDATE partnerships_event e
       SET search_vector = partnerships_event_document(e.id, e.title, e.summary)
     WHERE e.id = ANY (ids);
  END IF;
  RETURN NULL;
END $$;
"""


def _statement_trigger(table: str, operation: str, function: str) -> str:
    name = f"{table}_search_{operation}"
    return f"""
DROP TRIGGER IF EXISTS {name} ON {table};
CREATE TRIGGER {name} AFTER {operation.upper()} ON {table}
  REFERENCING {TRANSITION_TABLES[operation]}
  FOR EACH STATEMENT EXECUTE FUNCTION {function}();
"""


def _child_triggers(table: str, columns: tuple[str, ...]) -> str:
    # One function for the three triggers of a table: each branch names only the
    # transition tables its own trigger has (as in PostgreSQL's auditing example).
    function = _reindex_function(
        f"{table}_search",
        f"""IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT event_id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT event_id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(DISTINCT moved.event_id) INTO ids
      FROM new_rows n JOIN old_rows o ON o.id = n.id,
           unnest(ARRAY[n.event_id, o.event_id]) AS moved(event_id)
     WHERE {_changed(columns)};
  END IF;""",
    )
    return function + "".join(
        _statement_trigger(table, operation, f"{table}_search") for operation in OPERATIONS
    )


# Run by migration 0002 (which imports it) and again, CREATE OR REPLACE, by each
# migration that changes it (0008: excerpts and source publishers and authors).
INSTALL_SQL = (
    f"""
-- The per-row triggers of migration 0002, replaced by the per-statement ones below.
DROP TRIGGER IF EXISTS partnerships_quote_search ON partnerships_quote;
DROP TRIGGER IF EXISTS partnerships_eventcitation_search ON partnerships_eventcitation;
DROP TRIGGER IF EXISTS partnerships_source_search ON partnerships_source;
DROP FUNCTION IF EXISTS partnerships_event_search_child();
DROP FUNCTION IF EXISTS partnerships_event_search_source();

CREATE OR REPLACE FUNCTION partnerships_event_document(event_id bigint, title text, summary text)
RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('{CONFIG}', coalesce(title, '')), 'A')
      || setweight(to_tsvector('{CONFIG}', coalesce(summary, '')), 'B')
      || setweight(to_tsvector('{CONFIG}', coalesce((
           SELECT string_agg({QUOTE_TEXT}, ' ')
           FROM partnerships_quote q WHERE q.event_id = $1), '')), 'C')
      || setweight(to_tsvector('{CONFIG}', coalesce((
           SELECT string_agg(c.excerpt, ' ')
           FROM partnerships_eventcitation c WHERE c.event_id = $1), '')), 'C')
      || setweight(to_tsvector('{CONFIG}', coalesce((
           SELECT string_agg({SOURCE_TEXT}, ' ')
           FROM partnerships_eventcitation c
           JOIN partnerships_source s ON s.id = c.source_id
           WHERE c.event_id = $1), '')), 'D')
$$;

CREATE OR REPLACE FUNCTION partnerships_event_search_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := partnerships_event_document(NEW.id, NEW.title, NEW.summary);
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS partnerships_event_search ON partnerships_event;
CREATE TRIGGER partnerships_event_search
  BEFORE INSERT OR UPDATE OF title, summary ON partnerships_event
  FOR EACH ROW EXECUTE FUNCTION partnerships_event_search_row();
"""
    + "".join(_child_triggers(table, columns) for table, columns in CHILDREN.items())
    + _reindex_function(
        "partnerships_source_search",
        f"""SELECT array_agg(DISTINCT c.event_id) INTO ids
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    JOIN partnerships_eventcitation c ON c.source_id = n.id
   WHERE {_changed(SOURCE_COLUMNS)};""",
    )
    + _statement_trigger("partnerships_source", "update", "partnerships_source_search")
)

TRIGGERS = (
    ("partnerships_event", "partnerships_event_search"),
    *((table, f"{table}_search_{operation}") for table in CHILDREN for operation in OPERATIONS),
    ("partnerships_source", "partnerships_source_search_update"),
)

UNINSTALL_SQL = (
    "".join(f"DROP TRIGGER IF EXISTS {trigger} ON {table};\n" for table, trigger in TRIGGERS)
    + "".join(f"DROP FUNCTION IF EXISTS {table}_search();\n" for table in CHILDREN)
    + """
DROP FUNCTION IF EXISTS partnerships_source_search();
DROP FUNCTION IF EXISTS partnerships_event_search_row();
DROP FUNCTION IF EXISTS partnerships_event_document(bigint, text, text);
"""
)

REBUILD_SQL = (
    "UPDATE partnerships_event SET search_vector = partnerships_event_document(id, title, summary)"
)


def set_triggers_enabled(enabled: bool) -> None:
    """Bulk loaders switch the triggers off, then call rebuild_search_vectors()."""
    verb = "ENABLE" if enabled else "DISABLE"
    with connection.cursor() as cursor:
        for table, trigger in TRIGGERS:
            cursor.execute(f"ALTER TABLE {table} {verb} TRIGGER {trigger}")


def rebuild_search_vectors() -> None:
    """Recompute every event's document in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(REBUILD_SQL)
