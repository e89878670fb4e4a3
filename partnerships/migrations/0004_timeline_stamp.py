"""A stamp that changes with every write the timeline's overview depends on.

Statement-level triggers bump one row; the overview is cached under the row's
value and xmin, so a cached overview can never outlive the data it counted (and
a rolled-back write, as in tests, can never alias a committed one).
"""

from django.db import migrations

TABLES = [
    "partnerships_event",
    "partnerships_event_companies",
    "partnerships_agreement",
    "partnerships_company",
    "partnerships_partnership",
]

INSTALL = """
CREATE TABLE partnerships_timeline_stamp (id smallint PRIMARY KEY, value bigint NOT NULL);
INSERT INTO partnerships_timeline_stamp VALUES (1, 0);
CREATE FUNCTION partnerships_bump_timeline_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE partnerships_timeline_stamp SET value = value + 1 WHERE id = 1;
  RETURN NULL;
END $$;
""" + "".join(
    f"""
CREATE TRIGGER partnerships_timeline_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON {table} FOR EACH STATEMENT EXECUTE FUNCTION partnerships_bump_timeline_stamp();
"""
    for table in TABLES
)

UNINSTALL = "".join(
    f"DROP TRIGGER IF EXISTS partnerships_timeline_stamp ON {table};\n" for table in TABLES
) + """
DROP FUNCTION IF EXISTS partnerships_bump_timeline_stamp();
DROP TABLE IF EXISTS partnerships_timeline_stamp;
"""


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0003_editors_group")]

    operations = [migrations.RunSQL(INSTALL, UNINSTALL)]
