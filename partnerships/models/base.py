"""What every record shares: history by triggers, optimistic locking, slugs."""

from __future__ import annotations

import pghistory
import pgtrigger
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import class_prepared
from django.dispatch import receiver
from django.utils.text import slugify

# Every change is recorded by PostgreSQL triggers (django-pghistory), so the admin,
# the shell and QuerySet.update() are caught as well as the site's forms.
# Columns whose changes alone are not worth a history row: the search document is
# derived, and the version alone moves when only a record's parts changed.
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

    The check and the bump are one UPDATE … SET version = version + 1 … WHERE
    version = %s, so two saves of the same version can never both succeed, whichever
    path (site, admin, shell) they come from. Writes that bypass save() —
    QuerySet.update(), raw SQL, a bulk import — move the version too, by a trigger
    (BUMP_VERSION), so a form opened before them is stale rather than silently
    saved over them.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        loaded = self._loaded_version = self.version
        # An expression: Django sends it in the UPDATE and reads the result back
        # (RETURNING), so the instance holds the version the row now has.
        self.version = F("version") + 1
        try:
            # A savepoint of its own: a refused save leaves the caller's transaction usable.
            with transaction.atomic(using=kwargs.get("using")):
                return super().save(*args, **kwargs)
        except BaseException:
            self.version = loaded
            raise
        finally:
            del self._loaded_version

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update, returning):
        # Django's hook for the UPDATE of save(): only the version this instance was
        # loaded at may be overwritten; a row that moved on (or went) is a conflict,
        # never an INSERT.
        loaded = getattr(self, "_loaded_version", None)
        if loaded is not None:
            base_qs = base_qs.filter(version=loaded)
        updated = super()._do_update(
            base_qs, using, pk_val, values, update_fields, forced_update, returning
        )
        if not updated and loaded is not None:
            raise StaleVersionError(self)
        return updated


class VersionLeftAlone(pgtrigger.Condition):
    """An UPDATE that changes a column that counts (not the derived search document)
    without moving the version itself: one made outside save()."""

    def __init__(self):
        pass

    def resolve(self, model) -> str:
        names = {field.name for field in model._meta.fields}
        unrecorded = [name for name in UNRECORDED_CHANGES if name in names]
        changed = pgtrigger.AnyChange(exclude=unrecorded).resolve(model)
        return f'OLD."version" IS NOT DISTINCT FROM NEW."version" AND ({changed})'


BUMP_VERSION = pgtrigger.Trigger(
    name="bump_version",
    when=pgtrigger.Before,
    operation=pgtrigger.Update,
    condition=VersionLeftAlone(),
    func='NEW."version" := OLD."version" + 1; RETURN NEW;',
)


@receiver(class_prepared)
def _register_version_trigger(sender, **kwargs) -> None:
    """Every concrete versioned model gets the trigger: nobody has to remember it."""
    if issubclass(sender, VersionedModel) and not sender._meta.abstract:
        BUMP_VERSION.register(sender)


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
