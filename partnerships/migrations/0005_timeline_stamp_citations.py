"""Cards show how many sources back an event: citations bump the timeline stamp too."""

from django.db import migrations

TABLES = ["partnerships_eventcitation"]

INSTALL = "".join(
    f"""
CREATE TRIGGER partnerships_timeline_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON {table} FOR EACH STATEMENT EXECUTE FUNCTION partnerships_bump_timeline_stamp();
"""
    for table in TABLES
)
UNINSTALL = "".join(f"DROP TRIGGER IF EXISTS partnerships_timeline_stamp ON {t};\n" for t in TABLES)


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0004_timeline_stamp")]

    operations = [migrations.RunSQL(INSTALL, UNINSTALL)]
