"""The "Editors" group: may add, change and delete the timeline's records."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_GROUP = "Editors"
EDITABLE_MODELS = [
    "event", "eventcompany", "eventcitation", "quote", "source",
    "agreement", "agreementterm", "agreementlink", "agreementcitation", "termcitation",
    "company", "partnership", "party",
]
ACTIONS = ["add", "change", "delete", "view"]


def create_group(apps, schema_editor):
    # Permissions are normally made after migrate; make them now to attach them.
    app_config = apps.get_app_config("partnerships")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    codenames = [f"{action}_{model}" for model in EDITABLE_MODELS for action in ACTIONS]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="partnerships", codename__in=codenames)
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITOR_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0002_event_search"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
