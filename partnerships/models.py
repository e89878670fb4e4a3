"""The partnership domain: companies, partnerships, agreements, events and their sources.

Rules that the database can express are constraints (each has a test that
expects IntegrityError); the rest live in ``clean()``.
"""

from __future__ import annotations

import pghistory
import pgtrigger
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import slugify

from partnerships.dates import Precision, format_date, precision_q

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


@tracked("CompanyHistory")
class Company(VersionedModel, SluggedModel):
    class Kind(models.TextChoices):
        PUBLIC = "public", "Public company"
        PRIVATE = "private", "Private company"
        NONPROFIT = "nonprofit", "Nonprofit"
        GOVERNMENT = "government", "Government"
        FUND = "fund", "Investment fund"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PRIVATE)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True, help_text="A sentence or two.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:company", args=[self.slug])


@tracked("PartnershipHistory")
class Partnership(VersionedModel, SluggedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    name = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.ACTIVE)
    companies = models.ManyToManyField(Company, through="Party", related_name="partnerships")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:partnership", args=[self.slug])


@tracked("PartyHistory")
class Party(models.Model):
    """A company's part in a partnership, with its role."""

    class Role(models.TextChoices):
        INVESTOR = "investor", "Investor"
        INVESTEE = "investee", "Investee"
        CLOUD_PROVIDER = "cloud-provider", "Cloud provider"
        CUSTOMER = "customer", "Customer"
        LICENSOR = "licensor", "Licensor"
        LICENSEE = "licensee", "Licensee"
        EQUITY_FUNDER = "equity-funder", "Equity funder"
        TECHNOLOGY_PARTNER = "technology-partner", "Technology partner"
        OPERATOR = "operator", "Operator"
        PARTNER = "partner", "Partner"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="parties")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="parties")
    role = models.CharField(max_length=30, choices=Role, default=Role.PARTNER)

    class Meta:
        ordering = ["partnership", "id"]
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "company"], name="party_company_once_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.company} ({self.get_role_display().lower()})"


def validate_distinct_parties(companies: list[Company]) -> None:
    """A partnership has at least two distinct companies."""
    if len({company.pk for company in companies if company is not None}) < 2:
        raise ValidationError("A partnership needs at least two distinct companies as parties.")


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


@tracked("AgreementHistory")
class Agreement(VersionedModel, SluggedModel):
    class Kind(models.TextChoices):
        MOU = "mou", "MOU"
        LETTER_OF_INTENT = "loi", "Letter of intent"
        TERM_SHEET = "term-sheet", "Term sheet"
        DEFINITIVE = "definitive", "Definitive agreement"
        INVESTMENT = "investment", "Investment"
        LICENCE = "licence", "Licence"
        COMMERCIAL = "commercial", "Commercial agreement"
        AMENDMENT = "amendment", "Amendment"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        NEGOTIATING = "negotiating", "Under negotiation"
        SIGNED = "signed", "Signed"
        ANNOUNCED = "announced", "Announced"
        IN_EFFECT = "in-effect", "In effect"
        SUPERSEDED = "superseded", "Superseded"
        TERMINATED = "terminated", "Terminated"
        EXPIRED = "expired", "Expired"

    # Kinds that, unless the record says otherwise, do not bind the parties.
    NON_BINDING_KINDS = (Kind.MOU, Kind.LETTER_OF_INTENT, Kind.TERM_SHEET)

    slug_source_field = "title"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="agreements"
    )
    title = models.CharField(max_length=250)
    kind = models.CharField(max_length=20, choices=Kind)
    is_binding = models.BooleanField(
        "binding",
        null=True,
        blank=True,
        help_text="Leave unknown to use the kind's default: MOUs, letters of intent and "
        "term sheets are non-binding, everything else binding.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.ANNOUNCED)
    announced_on = models.DateField(null=True, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    effective_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217 code, e.g. USD.")
    summary = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, through="AgreementCitation", blank=True)

    class Meta:
        ordering = [F("signed_on").asc(nulls_last=True), F("announced_on").asc(nulls_last=True)]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_binding__isnull=False), name="agreement_binding_is_known"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(effective_on__isnull=True)
                | Q(ends_on__gte=F("effective_on")),
                name="agreement_ends_not_before_effective",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(ends_on__gte=F("signed_on")),
                name="agreement_ends_not_before_signed",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | (Q(value__gte=0) & ~Q(currency="")),
                name="agreement_value_has_currency",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.apply_binding_default()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("partnerships:agreement", args=[self.slug])

    def clean(self) -> None:
        # Before validate_constraints() sees the NOT NULL check, as forms run it.
        super().clean()
        self.apply_binding_default()

    def apply_binding_default(self) -> None:
        if self.is_binding is None:
            self.is_binding = self.kind not in self.NON_BINDING_KINDS

    @property
    def binding_label(self) -> str:
        binding = self.is_binding
        if binding is None:  # not saved yet: the kind's default
            binding = self.kind not in self.NON_BINDING_KINDS
        return "binding" if binding else "non-binding"

    @property
    def badge(self) -> str:
        """e.g. "MOU · non-binding", "Definitive agreement · binding"."""
        return f"{self.get_kind_display()} · {self.binding_label}"

    @property
    def key_date(self):
        return self.signed_on or self.announced_on or self.effective_on


@tracked("AgreementTermHistory")
class AgreementTerm(VersionedModel):
    """One key term, under a stable topic so versions of a deal compare term by term."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="terms")
    position = models.PositiveSmallIntegerField(default=0)
    topic = models.SlugField(
        max_length=60, help_text="Stable key shared across agreements, e.g. cloud-exclusivity."
    )
    heading = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, through="TermCitation", blank=True)

    class Meta:
        ordering = ["agreement", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "topic"], name="term_topic_once"),
        ]

    def __str__(self) -> str:
        return f"{self.heading} [{self.topic}]"


@tracked("AgreementLinkHistory")
class AgreementLink(models.Model):
    """A typed edge between agreements: the chain MOU → definitive agreement as data."""

    class Kind(models.TextChoices):
        LEADS_TO = "leads-to", "leads to"
        SUPERSEDES = "supersedes", "supersedes"
        AMENDS = "amends", "amends"
        TERMINATES = "terminates", "terminates"

    from_agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="links_out"
    )
    to_agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=20, choices=Kind)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["from_agreement", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_agreement=F("to_agreement")), name="agreement_link_not_to_self"
            ),
            models.UniqueConstraint(
                fields=["from_agreement", "to_agreement", "kind"], name="agreement_link_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_agreement} {self.get_kind_display()} {self.to_agreement}"


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
    sources = models.ManyToManyField(Source, through="EventCitation", blank=True)
    # Title, summary, quotes and cited source titles, kept current by PostgreSQL
    # triggers (partnerships/search.py) so that every write path, bulk ones too, counts.
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
        return format_date(
            self.date,
            self.precision,
            approximate=self.is_approximate,
            end=self.end_date,
            end_precision=self.end_precision if self.end_date else None,
        )

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


class Citation(models.Model):
    """A source backing a record, with the passage that says so."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    excerpt = models.TextField(blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.source)


@tracked("EventCitationHistory")
class EventCitation(Citation):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="event_citations")

    class Meta:
        ordering = ["id"]


@tracked("AgreementCitationHistory")
class AgreementCitation(Citation):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="agreement_citations")

    class Meta:
        ordering = ["id"]


@tracked("TermCitationHistory")
class TermCitation(Citation):
    term = models.ForeignKey(AgreementTerm, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="term_citations")

    class Meta:
        ordering = ["id"]


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
