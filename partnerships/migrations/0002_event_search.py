# The full-text search triggers (partnerships/models/search.py holds the SQL; a later
# change to it comes with a migration that runs it again: CREATE OR REPLACE).
from django.db import migrations

from partnerships.models.search import INSTALL_SQL, UNINSTALL_SQL


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunSQL(INSTALL_SQL, UNINSTALL_SQL)]
