"""What every admin of the app shares: optimistic locking, counts as subqueries, excerpts."""

from __future__ import annotations

import operator
from functools import reduce

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DataError, transaction
from django.db.models import Count, IntegerField, Model, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.utils.text import Truncator

from partnerships.forms.base import RACE_MESSAGE, KitModelForm, VersionedModelForm
from partnerships.models import StaleVersionError

EXCERPT_LENGTH = 80


class GuardedAdmin:
    """What the admin reads from the query string never answers 500.

    Changelist parameters Django cannot use are an incorrect lookup.

    Django sends a changelist back to itself with "?e=1" for a lookup it does not know
    or a value a field refuses, but not for a date out of Python's range in a
    ``date_hierarchy`` (``?date__year=786017376059``: OverflowError; ``?date__year=9999``:
    the year after it is a ValueError) nor for a value only PostgreSQL refuses
    (``?pk__regex=(``), which fails when the changelist counts its rows. The count
    runs while the changelist is made, so all of these end the same way as Django's own.
    """

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except (ArithmeticError, ValueError, DataError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_changeform_initial_data(self, request):
        """An add page's initial ids from the query string that are no ids are dropped.

        Django renders them unchecked, and an autocomplete widget then filters by them
        (``?agreement=//evil.example/``: ValueError, 500). The page opens without them.
        """
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not (field.is_relation and field.concrete):
                continue
            try:
                for item in value if isinstance(value, list) else [value]:
                    field.target_field.to_python(item)
            except ValidationError:
                del initial[name]
        return initial


def guarded(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """``admin_class`` with the guard: what the project's admin site registers
    (``config.admin_site.AdminSite``), for the installed apps' admins too (axes has three
    date hierarchies)."""
    if issubclass(admin_class, GuardedAdmin):
        return admin_class
    attrs = {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__}
    return type(admin_class.__name__, (GuardedAdmin, admin_class), attrs)


def count_of(model: type[Model], fk: str) -> Coalesce:
    """Rows of ``model`` pointing at the outer row through ``fk``, as a correlated subquery.

    A subquery per count keeps several counts on one changelist from multiplying
    each other, as joined ``Count``s would.
    """
    counted = (
        model._default_manager.filter(**{fk: OuterRef("pk")})
        .order_by()
        .values(fk)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def counted(description: str, *counts: tuple[type[Model], str]):
    """A changelist column: how many rows of ``model`` point at each row through ``fk``
    (added up over several), annotated by CountsAdmin so no row costs a query."""
    name = f"{description.replace(' ', '_')}_total"

    @admin.display(description=description, ordering=name)
    def column(obj) -> int:
        return getattr(obj, name)

    column.annotation = (name, reduce(operator.add, (count_of(*count) for count in counts)))
    return column


class CountsAdmin(admin.ModelAdmin):
    """Annotates the changelist with the ``counted`` columns in its ``list_display``."""

    def get_queryset(self, request):
        columns = [column for column in self.list_display if hasattr(column, "annotation")]
        return super().get_queryset(request).annotate(**dict(c.annotation for c in columns))


def excerpt(text: str) -> str:
    return Truncator(text).chars(EXCERPT_LENGTH)


class VersionedAdmin(CountsAdmin):
    """The admin keeps the site's protection: a stale form is refused, not saved over."""

    form = VersionedModelForm

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if "loaded_version" in fields else [*fields, "loaded_version"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        named = {name for _, options in fieldsets for name in flatten(options["fields"])}
        if "loaded_version" in named:
            return fieldsets
        return [*fieldsets, (None, {"fields": ["loaded_version"]})]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            with transaction.atomic():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersionError:
            # The check in clean() passed but another save landed before ours.
            messages.error(request, RACE_MESSAGE)
            return HttpResponseRedirect(request.path)


class KitInline(admin.options.InlineModelAdmin):
    """Inline rows that post the values they were loaded with (the form kit), so a stale
    change form saves only the rows its editor changed."""

    form = KitModelForm


class TabularInline(KitInline, admin.TabularInline):
    pass


class StackedInline(KitInline, admin.StackedInline):
    pass


class CitationAdmin(admin.ModelAdmin):
    search_fields = ["source__title", "source__publisher", "excerpt"]
    autocomplete_fields = ["source"]

    @admin.display(description="excerpt")
    def short_excerpt(self, obj) -> str:
        return excerpt(obj.excerpt)
