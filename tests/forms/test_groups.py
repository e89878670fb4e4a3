"""Form groups: a record's form with its rows, validated, summarised and saved together."""

import pytest
from django.db import IntegrityError
from django.http import QueryDict

from partnerships.forms.base import MAX_ROWS, RACE_MESSAGE, add_row
from partnerships.forms.companies import CompanyForms
from partnerships.forms.groups import reload, save_or_conflict
from partnerships.forms.partnerships import PartnershipForms
from partnerships.models import Company, Partnership, StaleVersionError
from tests.factories import CompanyFactory, PartnershipFactory
from tests.helpers import management

pytestmark = pytest.mark.django_db


def query(data: dict) -> QueryDict:
    result = QueryDict(mutable=True)
    for key, value in data.items():
        result.setlist(key, value if isinstance(value, list) else [value])
    return result


def partnership_data(*companies, **fields) -> QueryDict:
    rows = [{"company": str(company.pk), "role": "partner"} for company in companies]
    return query(
        {"name": "Joint venture", "status": "active", **fields} | management("parties", rows)
    )


def test_error_summary_links_each_problem_to_its_field_and_row():
    company = CompanyFactory(name="Microsoft")
    group = PartnershipForms(partnership_data(company, company, name=""), partnership=Partnership())

    group.is_valid()
    problems = [(problem.text, problem.href) for problem in group.summary.problems]

    assert problems == [
        ("Name: This field is required.", "#id_name"),
        (
            "Parties: Microsoft is listed twice; a company takes one role in a partnership.",
            "#id_parties-section",
        ),
    ]


def test_error_summary_of_a_row_names_the_row():
    group = PartnershipForms(
        query({"name": "X", "status": "active"} | management("parties", [{"company": "999"}])),
        partnership=Partnership(),
    )

    group.is_valid()
    texts = [problem.text for problem in group.summary.problems]

    assert "Party 1, Company: That company is not on record; choose one from the list." in texts
    assert "Party 1, Role: This field is required." in texts


def test_add_row_adds_one_blank_row_up_to_the_limit():
    data = query(management("parties", [{}, {}]))

    assert add_row(data, "parties")["parties-TOTAL_FORMS"] == "3"
    assert add_row(query(management("parties", [{}] * MAX_ROWS)), "parties")[
        "parties-TOTAL_FORMS"
    ] == str(MAX_ROWS)
    assert add_row(data, "nothing") == data


def test_reshown_group_shows_what_was_typed_and_judges_nothing():
    group = PartnershipForms(
        add_row(partnership_data(name=""), "parties"), partnership=Partnership(), reshow=True
    )

    assert group.is_valid() is False
    assert not group.summary
    assert len(group.parties.forms) == 1


def test_focus_last_row_starts_the_editor_in_the_added_row():
    group = PartnershipForms(
        add_row(partnership_data(), "parties"), partnership=Partnership(), reshow=True
    )

    group.focus_last_row("parties")

    assert group.parties.forms[-1].fields["company"].widget.attrs["autofocus"] is True


def test_save_or_conflict_saves_a_valid_group():
    group = CompanyForms(query({"name": "Acme", "kind": "private"}), company=Company())

    saved_group, saved = save_or_conflict(
        group, save=lambda g: g.form.save(), rebuild=lambda: pytest.fail("no rebuild")
    )

    assert saved_group is group
    assert saved == Company.objects.get(name="Acme")


def test_save_or_conflict_turns_a_race_lost_after_validation_into_a_conflict():
    company = CompanyFactory(name="Acme")
    data = query({"name": "Acme Ltd", "kind": "private", "loaded_version": "1"})

    def someone_saves_first(group):
        Company.objects.filter(pk=company.pk).update(description="Theirs")
        raise StaleVersionError(company)

    group, saved = save_or_conflict(
        CompanyForms(data, company=company),
        save=someone_saves_first,
        rebuild=lambda: CompanyForms(data, company=reload(company)),
    )

    assert saved is None
    assert group.conflicts[0].label == "This company"


def test_save_or_conflict_says_so_when_a_race_leaves_nothing_to_show():
    data = query({"name": "Acme", "kind": "private"})

    def clash(group):
        raise IntegrityError("duplicate key")

    group, saved = save_or_conflict(
        CompanyForms(data, company=Company()),
        save=clash,
        rebuild=lambda: CompanyForms(data, company=Company()),
    )

    assert saved is None
    assert [problem.text for problem in group.summary.problems] == [RACE_MESSAGE]


def test_reload_reads_the_record_again_and_keeps_a_deleted_one():
    partnership = PartnershipFactory(name="Before")
    Partnership.objects.filter(pk=partnership.pk).update(name="After")

    assert reload(partnership).name == "After"
    Partnership.objects.filter(pk=partnership.pk).delete()
    assert reload(partnership) is partnership
    assert reload(Partnership()).pk is None
