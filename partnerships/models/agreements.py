"""Agreements, their key terms, the typed links between them, and their citations."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from partnerships.models.base import SluggedModel, VersionedModel, tracked
from partnerships.models.companies import Partnership
from partnerships.models.sources import Citation, Source


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
