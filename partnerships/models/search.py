"""Full-text search over events: the document, its triggers, and the bulk rebuild.

An event's document is its title (weight A), summary (B), the quotes on it and
the titles of the sources it cites (C). PostgreSQL keeps ``event.search_vector``
current with triggers, so writes from forms, the admin, the shell and
``QuerySet.update()`` are all caught; a GIN index serves the ``@@`` match.
"""

from django.db import connection

CONFIG = "english"

# Installed by migration 0002; kept here so the migration and the tests share one text.
INSTALL_SQL = f"""
CREATE OR REPLACE FUNCTION partnerships_event_document(event_id bigint, title text, summary text)
RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('{CONFIG}', coalesce(title, '')), 'A')
      || setweight(to_tsvector('{CONFIG}', coalesce(summary, '')), 'B')
      || setweight(to_tsvector('{CONFIG}', coalesce((
           SELECT string_agg(q.speaker || ' ' || q.text, ' ')
           FROM partnerships_quote q WHERE q.event_id = $1), '')), 'C')
      || setweight(to_tsvector('{CONFIG}', coalesce((
           SELECT string_agg(s.title, ' ')
           FROM partnerships_eventcitation c
           JOIN partnerships_source s ON s.id = c.source_id
           WHERE c.event_id = $1), '')), 'C')
$$;

CREATE OR REPLACE FUNCTION partnerships_event_search_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := partnerships_event_document(NEW.id, NEW.title, NEW.summary);
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION partnerships_event_search_child() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE partnerships_event e
     SET search_vector = partnerships_event_document(e.id, e.title, e.summary)
   WHERE e.id IN (
     SELECT (CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.event_id END)
     UNION SELECT (CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.event_id END));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION partnerships_event_search_source() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE partnerships_event e
     SET search_vector = partnerships_event_document(e.id, e.title, e.summary)
   WHERE e.id IN (SELECT c.event_id FROM partnerships_eventcitation c WHERE c.source_id = NEW.id);
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS partnerships_event_search ON partnerships_event;
CREATE TRIGGER partnerships_event_search
  BEFORE INSERT OR UPDATE OF title, summary ON partnerships_event
  FOR EACH ROW EXECUTE FUNCTION partnerships_event_search_row();

DROP TRIGGER IF EXISTS partnerships_quote_search ON partnerships_quote;
CREATE TRIGGER partnerships_quote_search
  AFTER INSERT OR UPDATE OR DELETE ON partnerships_quote
  FOR EACH ROW EXECUTE FUNCTION partnerships_event_search_child();

DROP TRIGGER IF EXISTS partnerships_eventcitation_search ON partnerships_eventcitation;
CREATE TRIGGER partnerships_eventcitation_search
  AFTER INSERT OR UPDATE OR DELETE ON partnerships_eventcitation
  FOR EACH ROW EXECUTE FUNCTION partnerships_event_search_child();

DROP TRIGGER IF EXISTS partnerships_source_search ON partnerships_source;
CREATE TRIGGER partnerships_source_search
  AFTER UPDATE OF title ON partnerships_source
  FOR EACH ROW EXECUTE FUNCTION partnerships_event_search_source();
"""

UNINSTALL_SQL = """
DROP TRIGGER IF EXISTS partnerships_source_search ON partnerships_source;
DROP TRIGGER IF EXISTS partnerships_eventcitation_search ON partnerships_eventcitation;
DROP TRIGGER IF EXISTS partnerships_quote_search ON partnerships_quote;
DROP TRIGGER IF EXISTS partnerships_event_search ON partnerships_event;
DROP FUNCTION IF EXISTS partnerships_event_search_source();
DROP FUNCTION IF EXISTS partnerships_event_search_child();
DROP FUNCTION IF EXISTS partnerships_event_search_row();
DROP FUNCTION IF EXISTS partnerships_event_document(bigint, text, text);
"""

TRIGGERS = (
    ("partnerships_event", "partnerships_event_search"),
    ("partnerships_quote", "partnerships_quote_search"),
    ("partnerships_eventcitation", "partnerships_eventcitation_search"),
    ("partnerships_source", "partnerships_source_search"),
)


def set_triggers_enabled(enabled: bool) -> None:
    """Bulk loaders switch the per-row triggers off, then call rebuild_search_vectors()."""
    verb = "ENABLE" if enabled else "DISABLE"
    with connection.cursor() as cursor:
        for table, trigger in TRIGGERS:
            cursor.execute(f"ALTER TABLE {table} {verb} TRIGGER {trigger}")


def rebuild_search_vectors() -> None:
    """Recompute every event's document in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE partnerships_event SET search_vector = "
            "partnerships_event_document(id, title, summary)"
        )
