"""Property-based: random and malformed posts to every write endpoint never answer 500.

Endpoints are discovered from the URL configuration (every URL whose view is wrapped by
``editor_required``, see tests/helpers.py), so a new form is covered the day it is added.
"""

import string

import pytest
from django.test import Client
from django.urls import URLPattern, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerships.models import (
    Agreement,
    AgreementHistory,
    Company,
    Event,
    EventHistory,
    Partnership,
)
from tests.helpers import write_patterns

pytestmark = pytest.mark.django_db

FIELD_NAMES = [
    "title",
    "kind",
    "partnership",
    "agreement",
    "companies",
    "summary",
    "significance",
    "when",
    "name",
    "slug",
    "website",
    "description",
    "status",
    "is_binding",
    "binding",
    "announced_on",
    "signed_on",
    "effective_on",
    "ends_on",
    "value",
    "currency",
    "loaded_version",
    "next",
    "draft",
    "_create",
    "add_row",
    "speaker",
    "text",
    "source",
    "excerpt",
    "topic",
    "heading",
    "role",
    "company",
    "url",
    "publisher",
    "published_on",
]
FORMSET_PREFIXES = ["citations", "new_sources", "quotes", "parties", "terms", "links"]

nasty_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "<script>alert(1)</script>",
            "2019-13",
            "~",
            "2025-10-28/2019",
            "9" * 40,
            "-1",
            "0",
            "1e309",
            "NaN",
            "2019-Q9",
            "../../etc",
            "🙂" * 50,
            "x" * 100_000,
            "2019-07-22",
            "1",
            "mou",
            "definitive",
            "leads-to",
            "true",
        ]
    ),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
)


@st.composite
def post_data(draw):
    data = {}
    for name in draw(st.lists(st.sampled_from(FIELD_NAMES), max_size=12)):
        data[name] = draw(nasty_text)
    for prefix in draw(st.lists(st.sampled_from(FORMSET_PREFIXES), max_size=3)):
        for key in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{prefix}-{key}"] = draw(st.sampled_from(["0", "1", "2", "1000", "-1", "x", ""]))
        data[f"{prefix}-0-{draw(st.sampled_from(FIELD_NAMES))}"] = draw(nasty_text)
    extra_key = draw(st.text(alphabet=string.ascii_letters + "-_", min_size=1, max_size=10))
    data[extra_key] = draw(nasty_text)
    return data


def url_for(name: str, pattern: URLPattern) -> list[str]:
    """Real and bogus arguments for each of the URL's parameters."""
    converters = pattern.pattern.converters
    if not converters:
        return [reverse(name)]
    event = Event.objects.order_by("pk").first()
    agreement = Agreement.objects.order_by("pk").first()
    values = {
        "slug": [
            event.slug,
            agreement.slug,
            Company.objects.first().slug,
            Partnership.objects.first().slug,
            "no-such-thing",
        ],
        "int": [
            EventHistory.objects.order_by("pgh_id").values_list("pgh_id", flat=True).first() or 1,
            AgreementHistory.objects.order_by("pgh_id").values_list("pgh_id", flat=True).first()
            or 1,
            event.pk,
            999_999_999,
        ],
    }
    urls = []
    for slug in values["slug"]:
        for number in values["int"]:
            kwargs = {}
            for name, converter in converters.items():
                kind = type(converter).__name__
                kwargs[name] = number if kind == "IntConverter" else slug
            try:
                urls.append(reverse(name, kwargs=kwargs))
            except Exception:
                continue
    return sorted(set(urls))


@pytest.fixture
def endpoints(demo):
    urls = [url for name, pattern in write_patterns().items() for url in url_for(name, pattern)]
    assert urls, "no write endpoints found"
    return urls


def check_endpoints(client: Client, endpoints: list[str], data: dict, htmx: bool) -> None:
    headers = {"HX-Request": "true"} if htmx else {}
    for url in endpoints:
        response = client.post(url, data, headers=headers)
        assert response.status_code < 500, (url, data)


FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(data=post_data(), htmx=st.booleans())
def test_fuzz_editor_posts_never_answer_500(editor_client, endpoints, data, htmx):
    check_endpoints(editor_client, endpoints, data, htmx)


@FUZZ
@given(data=post_data(), htmx=st.booleans())
def test_fuzz_anonymous_posts_never_answer_500_and_never_write(client, endpoints, data, htmx):
    before = (Event.objects.count(), Agreement.objects.count(), Company.objects.count())

    check_endpoints(client, endpoints, data, htmx)

    assert (Event.objects.count(), Agreement.objects.count(), Company.objects.count()) == before


def test_write_endpoints_are_discovered():
    names = set(write_patterns())

    assert {
        "partnerships:event_add",
        "partnerships:event_edit",
        "partnerships:event_delete",
    } <= names
