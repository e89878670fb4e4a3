"""Companies, and the partnerships between them with each party's role."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from partnerships.models.base import SluggedModel, VersionedModel, tracked


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
