"""Writing companies through the service, as the shell, an importer or a view calls it."""

import pytest
from django.db import IntegrityError

from partnerships.models import Company, CompanyHistory, StaleVersionError
from partnerships.services.companies import save_company
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def history(company) -> list[tuple]:
    """(label, name, user) of each history row of the company, oldest first; rows written
    outside any history context (the factories) name no context."""
    rows = CompanyHistory.objects.filter(pgh_obj_id=company.pk).order_by("pgh_id")
    return [
        (row.pgh_label, row.name, row.pgh_context.metadata["user"] if row.pgh_context else "-")
        for row in rows
    ]


def test_save_company_creates_a_new_company_with_its_slug(editor):
    company = Company(name="Anthropic PBC", kind=Company.Kind.PRIVATE)

    saved = save_company(company=company, user=editor)

    stored = Company.objects.get(pk=saved.pk)
    assert (stored.name, stored.slug, stored.version) == ("Anthropic PBC", "anthropic-pbc", 1)


def test_save_company_history_names_the_user(editor):
    company = save_company(company=Company(name="Anthropic"), user=editor)

    assert history(company) == [("insert", "Anthropic", editor.pk)]


def test_save_company_history_names_no_user_from_the_shell():
    company = save_company(company=Company(name="Anthropic"))

    assert history(company) == [("insert", "Anthropic", None)]


def test_save_company_edit_moves_the_version_and_is_recorded(editor):
    company = CompanyFactory(name="OpenAI")
    company.description = "An AI research lab."

    save_company(company=company, user=editor)

    stored = Company.objects.get(pk=company.pk)
    assert (stored.description, stored.version, company.version) == ("An AI research lab.", 2, 2)
    assert history(company) == [("insert", "OpenAI", "-"), ("update", "OpenAI", editor.pk)]


def test_save_company_with_a_stale_version_raises_and_writes_nothing(editor):
    company = CompanyFactory(name="OpenAI")
    theirs = Company.objects.get(pk=company.pk)
    theirs.description = "Saved first."
    save_company(company=theirs, user=editor)
    rows_before = history(company)
    company.description = "Saved second, from version 1."

    with pytest.raises(StaleVersionError):
        save_company(company=company, user=editor)

    stored = Company.objects.get(pk=company.pk)
    assert (stored.description, stored.version) == ("Saved first.", 2)
    assert history(company) == rows_before


def test_save_company_integrity_error_writes_nothing(editor):
    CompanyFactory(name="OpenAI")
    count = CompanyHistory.objects.count()

    with pytest.raises(IntegrityError):
        save_company(company=Company(name="OpenAI"), user=editor)

    assert list(Company.objects.values_list("name", flat=True)) == ["OpenAI"]
    assert CompanyHistory.objects.count() == count
