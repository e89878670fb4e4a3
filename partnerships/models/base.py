"""What every record shares: history by triggers, optimistic locking, slugs."""

from __future__ import annotations

import pghistory
import pgtrigger
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.text import slugify

# Every change is recorded by PostgreSQL triggers (django-pghistory), so the admin,
# the shell and QuerySet.update() are caught as well as the site's forms.
# Columns whose changes alone are not worth a history row: the search document is
# derived, and the version bump precedes the real save of the same row.
UNRECORDED_CHANGES = ("search_vector", "version")


def tracked(model_name: str):
    """Record every insert, update and delete of a model in ``<model_name>``.

    Trackers hold per-model state, so each model gets its own.
    """

    def decorate(model):
        watched = [f.name for f in model._meta.fields if f.name not in UNRECORDED_CHANGES]
        return pghistory.track(
            pghistory.InsertEvent(),
            pghistory.UpdateEvent(condition=pgtrigger.AnyChange(*watched)),
            pghistory.DeleteEvent(),
            model_name=model_name,
            obj_field=pghistory.ObjForeignKey(related_name="history", db_constraint=False),
        )(model)

    return decorate


class StaleVersionError(Exception):
    """Someone saved this record since the form was loaded; saving would overwrite them."""

    def __init__(self, instance: models.Model):
        self.instance = instance
        super().__init__(f"{instance._meta.verbose_name} {instance.pk} was changed by someone else")


class VersionedModel(models.Model):
    """Optimistic locking: every save of an existing row must name the version it read.

    The check and the bump are one UPDATE … WHERE version = %s, so two saves of
    the same version can never both succeed, whichever path (site, admin, shell)
    they come from.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        with transaction.atomic(using=kwargs.get("using")):
            bumped = (
                type(self)
                ._base_manager.filter(pk=self.pk, version=self.version)
                .update(version=F("version") + 1)
            )
            if not bumped:
                raise StaleVersionError(self)
            self.version += 1
            return super().save(*args, **kwargs)


class SluggedModel(models.Model):
    """A record with a unique slug made from its name when left blank."""

    slug = models.SlugField(max_length=120, unique=True, blank=True)

    slug_source_field = "name"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug(getattr(self, self.slug_source_field))
        super().save(*args, **kwargs)

    # Path words that sit beside "<slug>/" in the URLs (e.g. /events/add/).
    RESERVED_SLUGS = frozenset({"add", "deleted", "agreement-options", "search", "cluster"})

    def clean(self) -> None:
        super().clean()
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}” is reserved for a page address."})

    def _unique_slug(self, text: str) -> str:
        base = slugify(text)[:100] or self.__class__.__name__.lower()
        if base in self.RESERVED_SLUGS:
            base = f"{base}-{self.__class__.__name__.lower()}"
        candidate, suffix = base, 2
        others = type(self)._default_manager.exclude(pk=self.pk)
        while others.filter(slug=candidate).exists():
            candidate, suffix = f"{base}-{suffix}", suffix + 1
        return candidate
