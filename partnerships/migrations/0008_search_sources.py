"""Search covers citation excerpts and cited sources' publishers and authors.

Runs the search SQL again (partnerships/models/search.py, CREATE OR REPLACE): the
document gains excerpts (C) and source publisher and author (D, with source titles),
and the per-row triggers on quotes, citations and sources become per-statement ones.
Then it re-indexes every event, in one statement.

Reversing leaves the triggers as they are: migration 0002 imports the same SQL, so
there is no older text to go back to, and the document is a superset of the old one.
"""

from django.db import migrations

from partnerships.models.search import INSTALL_SQL, REBUILD_SQL


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0007_event_sourcing")]

    operations = [
        migrations.RunSQL(INSTALL_SQL, migrations.RunSQL.noop),
        migrations.RunSQL(REBUILD_SQL, migrations.RunSQL.noop),
    ]
