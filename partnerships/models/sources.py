"""Sources, and the citation that ties a record to one with the passage that says so."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from partnerships.dates import Precision, format_date, precision_q
from partnerships.models.base import VersionedModel, tracked


@tracked("SourceHistory")
class Source(VersionedModel):
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    url = models.URLField("URL", max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_precision = models.CharField(max_length=10, choices=Precision, default=Precision.DAY)
    retrieved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_on__isnull=True)
                | precision_q("published_on", "published_precision"),
                name="source_published_on_matches_precision",
            ),
        ]

    def __str__(self) -> str:
        if self.publisher:
            return f"{self.title} — {self.publisher}"
        return self.title

    @property
    def published_display(self) -> str:
        return format_date(self.published_on, self.published_precision)


class Citation(models.Model):
    """A source backing a record, with the passage that says so."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    excerpt = models.TextField(blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.source)
