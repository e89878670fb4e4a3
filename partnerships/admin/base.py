"""What every admin of the app shares: optimistic locking, counts as subqueries, excerpts."""

from __future__ import annotations

import operator
from functools import reduce

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten
from django.db import transaction
from django.db.models import Count, IntegerField, Model, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.utils.text import Truncator

from partnerships.forms.base import RACE_MESSAGE, KitModelForm, VersionedModelForm
from partnerships.models import StaleVersionError

EXCERPT_LENGTH = 80


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
