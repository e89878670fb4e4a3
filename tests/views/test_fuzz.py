"""Property-based: malformed requests to every page never answer 500, and the fuzz reaches
the real objects and the save paths.

Routes are discovered from the URL configuration (``partnerships.urls``, the write URLs
through ``write_patterns``), so a new page is covered the day it is added; each route's
arguments are real objects of the model its path names (an event's slug on ``events/…``,
one of that event's history ids on its revert URL, a deleted event's id on restore), now
and then a bogus one so the 404 paths stay covered. A posted form is the real one, read
from its page with ``form_data`` and then mutated (blank, too long, wrong type, unknown
ids, a stale version, extra formset rows, a tampered management form).

Each example runs in a savepoint that is rolled back, so every example starts from the
demo data; with ``derandomize`` the examples are the same on every run (CI reproduces a
failure as it happened, and a coverage figure cannot flicker). Every test asserts its own
coverage over the run (most real GETs answer 200; posts save, and are refused, on several
routes), so the fuzz cannot silently drift back to 404s.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, reverse
from hypothesis import Phase, event, given, settings, target
from hypothesis import strategies as st

from partnerships import urls as partnership_urls
from partnerships.forms.timeline import EventFilter
from partnerships.models import Agreement, Company, Event, EventHistory, Partnership
from partnerships.services.events import delete_event
from tests.helpers import (
    allowed_methods,
    error_summary,
    form_data,
    make_editor,
    snapshot,
    write_patterns,
)

pytestmark = pytest.mark.django_db

# The model whose slug a path's first segment takes.
MODELS = {
    "events": Event,
    "agreements": Agreement,
    "companies": Company,
    "partnerships": Partnership,
}
BOGUS = {"slug": "no-such-thing", "int": 999_999_999}
# What a route needs in its query string to be a real request (the fuzz adds to it).
NEEDS = {"partnerships:cluster": {"period": "2025-09-01", "zoom": "month"}}
ROLES = ("anonymous", "editor", "superuser")

# What a page says when it refused a post (forms/error_summary.html, forms/conflicts.html,
# event_delete.html): nothing may have been written.
REFUSED = re.compile(r"nothing was saved|was not deleted", re.I)


# Reproducible (derandomize, no example database): CI runs what ran here. No shrinking:
# an example is a batch of requests, each failure names its request, and shrinking
# would replay the batch hundreds of times.
RUN = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "phases": [Phase.explicit, Phase.generate],
}

# --- query strings ------------------------------------------------------------------------

# The timeline's parameters (forms/timeline.py) and every other one a view reads.
PARAMS = sorted(
    {
        *EventFilter.param_names(),
        *("zoom", "lanes", "layout", "sort", "after", "before", "at"),
        *("period", "through", "recorded_on", "next", "draft", "empty"),
        *("created_company", "created_partnership", "created_agreement", "agreement"),
    }
)
ODD_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "9" * 40,
    "786017376059",
    "-99999999999",
    "1e309",
    "NaN",
    "2019-13",
    "2019-02-30",
    "0000-00-00",
    "9999-12-31",
    "2019-Q9",
    "2025-10-28/2019",
    "2025-09-11.999999999999",
    "x.y",
    "🙂" * 30,
    "Ωmega straße",
    "\u202e\ufeff",
    "<script>alert(1)</script>",
    "//evil.example/",
    "../../etc/passwd",
    "x" * 5000,
]
GOOD_VALUES = [
    "2019",
    "2025-09",
    "2025-09-11",
    "2025-Q3",
    "month",
    "year",
    "company",
    "lanes",
    "relevance",
    "binding",
    "mou",
    "microsoft",
    "openai",
    "microsoft-openai",
    "/",
]
param_value = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.sampled_from(GOOD_VALUES),
    st.text(max_size=20),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


@st.composite
def query_strings(draw) -> str:
    """Real parameter names, repeated now and then, with odd and good values."""
    pairs = draw(st.lists(st.tuples(st.sampled_from(PARAMS), param_value), max_size=5))
    query = urlencode(pairs)
    # Raw bytes no encoder would make: a bad escape, a lone UTF-8 continuation byte.
    raw = draw(st.sampled_from(["", "", "", "&%zz=1", "&q=%ff%fe", "&&=&", "&at=%00"]))
    return f"?{query}{raw}" if query or raw else ""


# --- routes and their real arguments --------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    pattern: URLPattern
    methods: tuple[str, ...]
    editors_only: bool

    @property
    def segment(self) -> str:
        return str(self.pattern.pattern).split("/")[0]


def routes() -> list[Route]:
    writes = write_patterns()
    found = []
    for pattern in partnership_urls.urlpatterns:
        name = f"partnerships:{pattern.name}"
        found.append(Route(name, pattern, allowed_methods(pattern), name in writes))
    return found


class RealArguments:
    """Real values for each route's URL parameters, read from the database when asked
    (a save may have renamed a record)."""

    @staticmethod
    def slugs_of(segment: str) -> list[str]:
        return list(MODELS[segment].objects.order_by("pk").values_list("slug", flat=True))

    @staticmethod
    def history_ids(segment: str, slug: str) -> list[int]:
        """The record's history, oldest first."""
        model = MODELS[segment]
        record = model.objects.get(slug=slug)
        return list(
            model.pgh_event_models["insert"]
            .objects.filter(pgh_obj_id=record.pk)
            .exclude(pgh_label="delete")
            .order_by("pgh_id")
            .values_list("pgh_id", flat=True)
        )

    @staticmethod
    def deleted_event_ids() -> list[int]:
        return list(
            EventHistory.objects.filter(pgh_label="delete")
            .exclude(pgh_obj_id__in=Event.objects.values("pk"))
            .order_by("pgh_obj_id")
            .values_list("pgh_obj_id", flat=True)
            .distinct()
        )

    def url(self, route: Route, choose) -> tuple[str, bool]:
        """A URL of the route, and whether its arguments are real (one in ten is bogus).

        ``choose(values, label)`` picks one of the values: hypothesis draws, or the first.
        """
        converters = route.pattern.pattern.converters
        if converters and choose([False] * 9 + [True], "bogus"):
            kwargs = {
                name: BOGUS["int" if type(c).__name__ == "IntConverter" else "slug"]
                for name, c in converters.items()
            }
            return reverse(route.name, kwargs=kwargs), False
        kwargs = {}
        if "slug" in converters:
            kwargs["slug"] = choose(self.slugs_of(route.segment), "slug")
        if "history_id" in converters:
            kwargs["history_id"] = choose(self.history_ids(route.segment, kwargs["slug"]), "id")
        if "event_id" in converters:
            kwargs["event_id"] = choose(self.deleted_event_ids(), "event_id")
        assert set(kwargs) == set(converters), f"no real arguments for {route.name}: {converters}"
        query = f"?{urlencode(NEEDS[route.name])}" if route.name in NEEDS else ""
        return reverse(route.name, kwargs=kwargs) + query, True


@pytest.fixture
def clients(demo) -> dict[str, Client]:
    """A client per role; and one event deleted (as an editor would), so restore has one."""
    editor = make_editor("fuzz-editor")
    superuser = User.objects.create_superuser("fuzz-admin", password="x" * 20)
    doomed = Event.objects.order_by("pk").last()
    delete_event(event=doomed, loaded_version=doomed.version, user=editor)
    by_role = {role: Client() for role in ROLES}
    by_role["editor"].force_login(editor)
    by_role["superuser"].force_login(superuser)
    return by_role


def htmx_headers(data) -> dict[str, str]:
    """No htmx, or htmx from one of the pages a fragment is asked for (some odd)."""
    current = data.draw(
        st.sampled_from(
            [
                None,
                "http://testserver/",
                "http://testserver/?zoom=month&lanes=company",
                "http://testserver/companies/microsoft/",
                "http://testserver/partnerships/microsoft-openai/",
                "http://testserver/no/such/page/",
                "http://[::1",
                "not a url",
            ]
        ),
        label="HX-Current-URL",
    )
    if current is None:
        return {}
    headers = {"HX-Request": "true", "HX-Current-URL": current}
    if data.draw(st.booleans(), label="HX-Target"):
        headers["HX-Target"] = data.draw(
            st.sampled_from(["timeline-results", "main", "event-x", "\u2603"])
        )
    return headers


def in_savepoint(check):
    """Run ``check`` and roll back whatever it wrote: each example starts from the demo."""
    with transaction.atomic():
        result = check()
        transaction.set_rollback(True)
    return result


def drawing(data):
    return lambda values, label: data.draw(st.sampled_from(values), label=label)


def first(values, label):
    return values[0]


def with_query(url: str, query: str) -> str:
    return f"{url}&{query[1:]}" if "?" in url and query else url + query


# --- GET ------------------------------------------------------------------------------------


def test_fuzz_gets_reach_real_pages_and_never_answer_500(clients):
    real = RealArguments()
    gettable = [route for route in routes() if "GET" in route.methods]
    outcomes: Counter[str] = Counter()

    # Every example visits every route, so none can drop out of the run.
    @settings(max_examples=4, **RUN)
    @given(data=st.data())
    def fuzz(data):
        for route in gettable:
            role = data.draw(st.sampled_from(ROLES), label="role")
            url, is_real = real.url(route, drawing(data))
            url = with_query(url, data.draw(query_strings(), label="query"))

            response = clients[role].get(url, headers=htmx_headers(data))

            status = response.status_code
            assert status < 500, (role, url)
            may_see = is_real and (role != "anonymous" or not route.editors_only)
            outcomes[f"{'real' if may_see else 'other'} {status}"] += 1
            event(f"GET {'real' if may_see else 'other'} {status}")

    fuzz()

    real_gets = sum(n for key, n in outcomes.items() if key.startswith("real"))
    assert real_gets >= len(gettable) * 2, outcomes
    assert outcomes["real 200"] / real_gets >= 0.9, outcomes


# --- POST -----------------------------------------------------------------------------------

TEXT_FIELDS = re.compile(r"(^|-)(title|summary|name|description|excerpt|text|heading)$")


def post_form(client: Client, route: Route, url: str, choose) -> dict[str, list[str]]:
    """The route's real form as an editor reads it; an add form is filled in as a copy of
    an existing record (its edit form without row ids and version), so that it can save."""
    if "GET" not in route.methods:
        return {}
    if route.name.endswith("_add"):
        slug = choose(RealArguments.slugs_of(route.segment), "copied")
        original = reverse(route.name.replace("_add", "_edit"), args=[slug])
        form = form_data(client.get(url))
        form.update(copy_of(form_data(client.get(original)), parent=route.segment[:-1]))
        if form.get("partnership") == [""]:  # fixed on the edit form, chosen on the add form
            record = MODELS[route.segment].objects.get(slug=slug)
            form["partnership"] = [str(record.partnership_id)]
        return form
    page = client.get(url)
    return form_data(page) if page.status_code == 200 else {}


def copy_of(form: dict[str, list[str]], *, parent: str) -> dict[str, list[str]]:
    """A new record's form from an existing one's: no row ids, versions or parent keys."""
    copy = {}
    for name, values in form.items():
        if name.endswith(("-id", "-link", "version", f"-{parent}")):
            continue
        if name.endswith("-INITIAL_FORMS"):
            values = ["0"]
        elif TEXT_FIELDS.search(name) and values and values[0]:
            values = [values[0][:150] + " (copy)"]
        copy[name] = values
    # Rows that point at the original's own rows (a term's citations) cannot be copied.
    for prefix in {name.split("-")[0] for name in copy if re.search(r"-\d+-term$", name)}:
        copy = {name: v for name, v in copy.items() if not name.startswith(f"{prefix}-")}
        copy.update({f"{prefix}-TOTAL_FORMS": ["0"], f"{prefix}-INITIAL_FORMS": ["0"]})
    return copy


def revise(form: dict[str, list[str]], choose) -> bool:
    """Change one text field the way an editor would; False when there is none."""
    texts = [name for name in sorted(form) if TEXT_FIELDS.search(name) and form[name][0]]
    if not texts:
        return False
    name = choose(texts, "field")
    form[name] = [form[name][0][:150] + " (revised)"]
    return True


def post_and_check(client: Client, url: str, form, *, headers=None, anonymous=False):
    """Post; never a 500, and a refused post (an error, a conflict, 4xx) writes nothing."""
    before = snapshot()

    response = client.post(url, form, headers=headers or {})

    status = response.status_code
    assert status < 500, (url, form)
    changed = snapshot() != before
    refused = status >= 400 or bool(REFUSED.search(response.content.decode()))
    if anonymous:
        assert status in (302, 403) and not changed, (url, status)
    if refused:
        assert not changed, ("a refused post wrote", url, status, form)
    return response, changed, refused


def mutate(data, form: dict[str, list[str]]) -> str:
    """Change ``form`` the way a careless or hostile client would; returns what it did."""
    kind = data.draw(st.sampled_from(MUTATIONS), label="mutation")
    names = sorted(form)
    choose = drawing(data)
    if kind == "revise":
        revise(form, choose)
    elif not names and kind != "unknown-field":
        pass
    elif kind == "blank":
        form[choose(names, "field")] = [""]
    elif kind == "too-long":
        form[choose(names, "field")] = [choose(["x" * 201, "y" * 256, "z" * 100_000], "long")]
    elif kind == "wrong-type":
        form[choose(names, "field")] = [choose(ODD_VALUES, "odd")]
    elif kind == "unknown-id":
        ids = [name for name in names if form[name] and form[name][0].isdigit()]
        if ids:
            form[choose(ids, "field")] = ["999999999"]
    elif kind == "stale-version":
        versions = [name for name in names if name.endswith("version")]
        if versions:
            form[choose(versions, "field")] = [choose(["0", "1", "-1", "abc", "", "9" * 30], "v")]
    elif kind in ("extra-rows", "management"):
        totals = [name for name in names if name.endswith("-TOTAL_FORMS")]
        if totals:
            prefix = choose(totals, "formset").removesuffix("-TOTAL_FORMS")
            tamper_formset(data, form, prefix, extra=kind == "extra-rows")
    elif kind == "drop":
        del form[choose(names, "field")]
    elif kind == "repeat":
        name = choose(names, "field")
        form[name] = [*form[name], data.draw(param_value)]
    elif kind == "unknown-field":
        form[data.draw(st.text(min_size=1, max_size=12), label="name")] = [data.draw(param_value)]
    return kind


MUTATIONS = [
    "as-is",
    "revise",
    "blank",
    "too-long",
    "wrong-type",
    "unknown-id",
    "stale-version",
    "extra-rows",
    "management",
    "drop",
    "repeat",
    "unknown-field",
]


def tamper_formset(data, form: dict[str, list[str]], prefix: str, *, extra: bool) -> None:
    total = int(form[f"{prefix}-TOTAL_FORMS"][0] or 0)
    if extra:
        # More rows than the management form had, with the first row's fields (or junk).
        fields = sorted({k.split("-", 2)[2] for k in form if k.startswith(f"{prefix}-0-")})
        added = data.draw(st.integers(1, 3), label="rows")
        for index in range(total, total + added):
            for field in fields or ["id"]:
                form[f"{prefix}-{index}-{field}"] = [data.draw(param_value)]
        form[f"{prefix}-TOTAL_FORMS"] = [str(total + added)]
        return
    key = data.draw(
        st.sampled_from(["TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"])
    )
    value = data.draw(st.sampled_from(["-1", "x", "", "1000", "99999999999", None]))
    if value is None:
        del form[f"{prefix}-{key}"]
    else:
        form[f"{prefix}-{key}"] = [value]


def postable_routes() -> list[Route]:
    return [route for route in routes() if "POST" in route.methods]


def test_valid_forms_save_on_every_write_route(clients):
    """The fuzz's starting point saves: each write route's real form, read from its page
    (an edit revised, an add copied from a record; a revert after an edit), writes."""
    for route in postable_routes():
        response, changed = in_savepoint(partial(save_validly, clients["editor"], route))

        assert changed, (route.name, response.status_code, error_summary(response))


def save_validly(editor: Client, route: Route):
    if route.name.endswith("_revert"):
        # Something to revert: an edit after the record's first version.
        slug = RealArguments.slugs_of(route.segment)[0]
        edit_url = reverse(route.name.replace("_revert", "_edit"), args=[slug])
        form = form_data(editor.get(edit_url), title="A title to revert")
        assert post_and_check(editor, edit_url, form)[1], edit_url
    url, _ = RealArguments().url(route, first)
    form = post_form(editor, route, url, first)
    if route.name.endswith("_edit"):
        revise(form, first)
    response, changed, _ = post_and_check(editor, url, form)
    return response, changed


def test_fuzz_posts_save_refuse_cleanly_and_never_answer_500(clients):
    real = RealArguments()
    outcomes: Counter[str] = Counter()
    saved_routes: set[str] = set()

    # Every example posts to every write route, so none can drop out of the run.
    @settings(max_examples=3, **RUN)
    @given(data=st.data())
    def fuzz(data):
        for route in postable_routes():
            role = data.draw(st.sampled_from(["editor", "superuser", "anonymous"]), label="role")
            url, _ = real.url(route, drawing(data))
            post = partial(fuzz_post, data, clients, route, role, url)
            mutation, changed, refused = in_savepoint(post)
            outcome = "saved" if changed else "refused" if refused else "unchanged"
            outcomes[outcome] += 1
            if changed:
                saved_routes.add(route.name)
            event(f"POST {mutation}: {outcome}")
        target(float(outcomes["saved"]), label="saved")

    fuzz()

    assert outcomes["saved"] >= 5, outcomes
    assert outcomes["refused"] >= 10, outcomes
    assert len(saved_routes) >= 3, saved_routes


def fuzz_post(data, clients: dict[str, Client], route: Route, role: str, url: str):
    form = post_form(clients["editor"], route, url, drawing(data))
    mutation = mutate(data, form)
    headers = htmx_headers(data)
    _, changed, refused = post_and_check(
        clients[role], url, form, headers=headers, anonymous=role == "anonymous"
    )
    return mutation, changed, refused


def test_write_endpoints_are_discovered():
    names = set(write_patterns())

    assert {
        "partnerships:event_add",
        "partnerships:event_edit",
        "partnerships:event_delete",
        "partnerships:event_restore",
        "partnerships:agreement_revert",
    } <= names


def test_every_route_gets_real_arguments(clients):
    """A URL parameter the fuzz cannot fill fails here, not as silent 404s; and a real
    history id belongs to the record in the same URL."""
    real = RealArguments()
    for route in routes():
        url, is_real = real.url(route, first)
        assert is_real
        expected = {200, 302} if "GET" in route.methods else {405}
        assert clients["editor"].get(url).status_code in expected, url
