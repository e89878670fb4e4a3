"""History snapshots as a reader sees them: which fields show, their values in words, who
made a change and from where."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst

from partnerships.models import UNRECORDED_CHANGES

UNKNOWN_USER = "unknown (shell or migration)"
EMPTY = "—"
HIDDEN_FIELDS = {"id", *UNRECORDED_CHANGES}


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


def shown_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields a reader sees in a diff: everything but ids and derived columns."""
    return [f for f in model._meta.fields if f.name not in HIDDEN_FIELDS]


class Related:
    """The objects that snapshots' foreign keys point to, loaded in one query per model."""

    def __init__(self):
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.loaded: dict[type[models.Model], dict] = {}

    def want(self, model: type[models.Model], rows) -> None:
        for row in rows:
            for model_field in shown_fields(model):
                if model_field.is_relation:
                    value = getattr(row, model_field.attname)
                    if value is not None:
                        self.wanted[model_field.related_model].add(value)

    def load(self) -> None:
        for model, ids in self.wanted.items():
            self.loaded[model] = model._base_manager.in_bulk(ids)

    def get(self, model: type[models.Model], pk):
        return self.loaded.get(model, {}).get(pk)


def display_value(model_field: models.Field, value, related: Related | None = None) -> str:
    """A stored value as a reader would say it."""
    if value is None or value == "":
        return EMPTY
    if model_field.is_relation:
        target = related.get(model_field.related_model, value) if related else None
        if target is None:
            return f"#{value} (since deleted)"
        return str(target)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return date_format(value, "j M Y, H:i")
    if isinstance(value, dt.date):
        return date_format(value, "j M Y")
    if isinstance(value, Decimal):
        return f"{value:,.2f}".removesuffix(".00")
    return str(value)


def label_of(model_field: models.Field) -> str:
    return capfirst(str(model_field.verbose_name))


def snapshot_values(model: type[models.Model], row) -> dict[str, object]:
    return {f.attname: getattr(row, f.attname) for f in shown_fields(model)}


def diff(
    model: type[models.Model], before, after, related: Related, *, skip: set[str] = frozenset()
) -> list[FieldChange]:
    """Field by field, what differs between two snapshots (either may be None)."""
    changes = []
    for model_field in shown_fields(model):
        if model_field.name in skip:
            continue
        old = getattr(before, model_field.attname) if before is not None else None
        new = getattr(after, model_field.attname) if after is not None else None
        if old == new or (old in (None, "") and new in (None, "")):
            continue
        changes.append(
            FieldChange(
                label_of(model_field),
                display_value(model_field, old, related),
                display_value(model_field, new, related),
            )
        )
    return changes


def metadata_of(row) -> dict:
    context = row.pgh_context
    return context.metadata if context is not None and context.metadata else {}


def usernames(rows) -> dict:
    ids = {metadata_of(row).get("user") for row in rows} - {None}
    if not ids:
        return {}
    user_model = get_user_model()
    users = user_model._default_manager.filter(pk__in=ids)
    return {user.pk: user.get_username() for user in users}


def who(row, names: dict) -> str:
    user_id = metadata_of(row).get("user")
    if user_id is None:
        return UNKNOWN_USER
    return names.get(user_id, f"user #{user_id} (since deleted)")


def where(row) -> str:
    return metadata_of(row).get("url") or ""
