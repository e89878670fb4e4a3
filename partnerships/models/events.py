"""Dated events, the companies they involve, their citations and quotes."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from partnerships.dates import Precision, When, format_date, precision_q
from partnerships.models.agreements import Agreement
from partnerships.models.base import SluggedModel, VersionedModel, tracked
from partnerships.models.companies import Company, Partnership
from partnerships.models.sources import Citation, Source


class EventQuerySet(models.QuerySet):
    """Shared reads of the timeline; the heavier ones live in partnerships/timeline.py."""

    def for_cards(self) -> EventQuerySet:
        """What an event card shows, in a fixed number of queries whatever the count."""
        return (
            # The search document is for matching only; reading it costs more than a card.
            self.defer("search_vector")
            .select_related("partnership", "agreement")
            .prefetch_related("companies")
            .annotate(source_count=models.Count("citations", distinct=True))
        )

    def unsourced(self) -> EventQuerySet:
        """Events readers see marked "Unsourced": those that cite nothing (see
        Event.shows_unsourced)."""
        return self.filter(~_cited())

    def sourced(self) -> EventQuerySet:
        return self.filter(_cited())


def _cited() -> models.Exists:
    return models.Exists(EventCitation.objects.filter(event_id=models.OuterRef("pk")))


@tracked("EventHistory")
class Event(VersionedModel, SluggedModel):
    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", "Announcement"
        SIGNING = "signing", "Signing"
        INVESTMENT = "investment", "Investment"
        NEGOTIATION = "negotiation", "Negotiation"
        STATEMENT = "statement", "Statement"
        LEADERSHIP = "leadership", "Leadership"
        REGULATORY = "regulatory", "Regulatory"
        TERMINATION = "termination", "Termination"
        MILESTONE = "milestone", "Milestone"
        OTHER = "other", "Other"

    class Significance(models.IntegerChoices):
        MINOR = 1, "Minor"
        NOTABLE = 2, "Notable"
        MAJOR = 3, "Major"

    slug_source_field = "title"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="events")
    agreement = models.ForeignKey(
        Agreement, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    companies = models.ManyToManyField(
        Company, blank=True, related_name="events", through="EventCompany"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    title = models.CharField(max_length=250)
    summary = models.TextField(blank=True)
    date = models.DateField(help_text="The first day of the period it is known to.")
    precision = models.CharField(max_length=10, choices=Precision, default=Precision.DAY)
    is_approximate = models.BooleanField("approximate", default=False)
    end_date = models.DateField(null=True, blank=True)
    end_precision = models.CharField(max_length=10, choices=Precision, default=Precision.DAY)
    significance = models.PositiveSmallIntegerField(
        choices=Significance, default=Significance.NOTABLE
    )
    # Every event cites a source or is marked as published without one: services/events.py
    # enforces "cited or flagged" and clears the mark once a source is cited. Readers see
    # "Unsourced" on any uncited event (shows_unsourced); exports can carry this flag.
    is_unsourced = models.BooleanField(
        "unsourced",
        default=False,
        help_text="Published without a source: readers see it marked “Unsourced”.",
    )
    sources = models.ManyToManyField(Source, through="EventCitation", blank=True)
    # Title, summary, quotes, excerpts and cited sources, kept current by PostgreSQL
    # triggers (partnerships/models/search.py) so that every write path, bulk ones too, counts.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = EventQuerySet.as_manager()

    # Read by timeline templates beside clusters and search annotations; as class
    # attributes a failed lookup never sends the template engine into dir(event).
    is_cluster = False
    title_highlighted = None
    summary_highlighted = None

    class Meta:
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["date", "id"], name="event_date_id"),
            models.Index(fields=["partnership", "date", "id"], name="event_partnership_date_id"),
            models.Index(fields=["significance", "date", "id"], name="event_significance_date_id"),
            GinIndex(fields=["search_vector"], name="event_search_vector"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="event_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=precision_q("date", "precision"), name="event_date_matches_precision"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | precision_q("end_date", "end_precision"),
                name="event_end_date_matches_precision",
            ),
            models.CheckConstraint(
                condition=Q(significance__gte=1) & Q(significance__lte=3),
                name="event_significance_1_to_3",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.when} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("partnerships:event", args=[self.slug])

    @property
    def when(self) -> str:
        return str(When.of(self))

    @property
    def shows_unsourced(self) -> bool:
        """Whether readers see it marked "Unsourced": whenever it cites nothing.

        ``is_unsourced`` is the editor saying so on purpose (services.events.save_event
        refuses an uncited event without it, and clears it once a source is cited), so
        the two agree; what readers see rests on the citations themselves, so that no
        write around the service can make an uncited event look sourced.
        """
        count = getattr(self, "source_count", None)  # annotated by for_cards()
        if count is None:
            count = len(self.citations.all())  # prefetched on the event's page
        return count == 0

    @property
    def lane_company_slug(self) -> str:
        """The company whose lane an event sits in: its first company (prefetched)."""
        companies = self.companies.all()
        return companies[0].slug if companies else self.partnership.slug

    def clean(self) -> None:
        super().clean()
        if (
            self.agreement_id
            and self.partnership_id
            and self.agreement.partnership_id != self.partnership_id
        ):
            raise ValidationError(
                {"agreement": "This agreement belongs to another partnership than the event."}
            )


@tracked("EventCompanyHistory")
class EventCompany(models.Model):
    """A company an event involves (explicit so that its history is recorded too)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE)
    company = models.ForeignKey(Company, on_delete=models.CASCADE)

    class Meta:
        db_table = "partnerships_event_companies"
        constraints = [
            models.UniqueConstraint(fields=["event", "company"], name="event_company_once")
        ]

    def __str__(self) -> str:
        return f"{self.company} in {self.event_id}"


@tracked("EventCitationHistory")
class EventCitation(Citation):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="event_citations")
    # The date this source gives for the event, only when it differs from the event's own:
    # blank means the source agrees. Conflicting sources become data, not prose.
    gives_date = models.DateField(
        "date this source gives",
        null=True,
        blank=True,
        help_text="Only if it differs from the event's date.",
    )
    gives_precision = models.CharField(max_length=10, choices=Precision, default=Precision.DAY)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gives_date__isnull=True) | precision_q("gives_date", "gives_precision"),
                name="event_citation_gives_date_matches_precision",
            ),
        ]

    @property
    def disagrees(self) -> bool:
        """Whether this source gives another date than the event's own."""
        return self.gives_date is not None and (self.gives_date, self.gives_precision) != (
            self.event.date,
            self.event.precision,
        )

    @property
    def gives_display(self) -> str:
        """The date this source gives, to its precision ("" when it agrees with the event)."""
        return format_date(self.gives_date, self.gives_precision) if self.gives_date else ""


@tracked("QuoteHistory")
class Quote(VersionedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.CharField(max_length=200)
    speaker_title = models.CharField("speaker's title", max_length=200, blank=True)
    company = models.ForeignKey(
        Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="quotes"
    )
    text = models.TextField()
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="quotes"
    )

    class Meta:
        ordering = ["event", "id"]

    def __str__(self) -> str:
        excerpt = self.text if len(self.text) <= 60 else self.text[:57] + "…"
        return f"{self.speaker}: “{excerpt}”"
