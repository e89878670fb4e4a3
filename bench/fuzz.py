"""HTTP fuzz against a real gunicorn server: malformed requests never answer 500.

    uv run python bench/fuzz.py [--requests 10000] [--seed 0] [--workers 6]
    uv run python bench/fuzz.py --url http://127.0.0.1:8000 --editor ada:pw --superuser root:pw

Without ``--url`` it builds its own world and never touches the development data: a
scratch database ``partnerships_fuzz`` on the dev PostgreSQL server (dropped and created
afresh), ``migrate`` and ``loaddemo``, an editor (``createeditor``) and a superuser, then
gunicorn with the production settings on a free port of 127.0.0.1 (``gunicorn.conf.py``
when the checkout has one, else ``-w 3``). Everything it started is stopped and the
database dropped at the end (``--keep`` keeps the database).

It logs in as the editor and the superuser through the real login form, crawls the
site as the superuser for real URLs and the forms on them, then sends ``--requests``
requests from a pool of ``--workers`` threads (stopping early after ``--max-seconds``),
each one reproducible from ``--seed`` and its number, as anonymous, editor or superuser:

- GETs of real pages with malformed parameters (the timeline's own names: huge
  numbers, invalid dates, NUL bytes, unicode, repeated keys, bad escapes);
- GETs of nonsense URLs;
- POSTs of every form found, read from its page and mutated (blank, too long, wrong
  type, unknown ids, stale version, extra formset rows, a tampered management form),
  sent as urlencoded (utf-8, latin-1, iso-8859-1, UTF8, a bogus charset) or multipart
  (good, missing or wrong boundary), with or without the CSRF token;
- logins with odd user names (never the real ones: django-axes would lock them out);
- odd headers: htmx's (a malformed ``HX-Current-URL``, odd ``HX-Target``), a huge
  cookie, a bad ``Host``, ``X-Forwarded-*``;
- HEAD, OPTIONS, PUT, PATCH and DELETE.

It prints the status counts (overall, per role, per method), the rate, and every
request that answered 500 (the first few in full); the exit status is 1 when any did.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE = "partnerships_fuzz"
EDITOR = "fuzz-editor"
SUPERUSER = "fuzz-admin"
ROLES = ("anonymous", "editor", "superuser")
CRAWL_LIMIT = 400

# Never posted to: they would end the fuzz's own sessions or accounts.
NO_POST = re.compile(r"^/(accounts/|admin/logout|admin/password_change|admin/auth/|admin/axes)")
NO_CRAWL = re.compile(r"^/(static/|accounts/logout|admin/logout)")

# The timeline's parameters (partnerships/forms/timeline.py) and others the views read.
PARAMS = [
    *("q", "company", "partnership", "agreement_kind", "kind", "binding", "start", "end"),
    *("as_of", "from", "to", "zoom", "lanes", "layout", "sort", "after", "before", "at"),
    *("period", "through", "recorded_on", "next", "draft", "empty", "created_company"),
    *("created_partnership", "created_agreement", "agreement", "page", "o", "p", "e"),
    *("date__year", "date__month", "date__day", "q", "all", "_changelist_filters"),
]
ODD = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "9" * 40,
    "786017376059",
    "-99999999999",
    "1e309",
    "NaN",
    "-1",
    "0",
    "2019-13",
    "2019-02-30",
    "0000-00-00",
    "9999-12-31",
    "2019-Q9",
    "2025-10-28/2019",
    "2025-09-11.999999999999",
    "x.y",
    "\U0001f642" * 30,
    "\u03a9mega stra\u00dfe",
    "\u202e\ufeff",
    "<script>alert(1)</script>",
    "'; DROP TABLE x; --",
    "//evil.example/",
    "https://evil.example/",
    "../../etc/passwd",
    "%00",
    "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
    "x" * 3000,
]
GOOD = [
    "2019",
    "2025-09",
    "2025-09-11",
    "2025-Q3",
    "month",
    "year",
    "quarter",
    "company",
    "partnership",
    "lanes",
    "relevance",
    "binding",
    "non-binding",
    "mou",
    "microsoft",
    "openai",
    "/",
]
RAW_QUERY = ["&%zz=1", "&q=%ff%fe", "&&=&", "&at=%00", "&%00=%00", "&q=%C0%AF", "&a=" + "b&" * 300]
NONSENSE_PATHS = [
    "/no/such/page/",
    "/events/",
    "/events/%00/",
    "/events/..%2f..%2fetc/",
    "/events/" + "a" * 300 + "/",
    "/events/%ff/",
    "/events/deleted/0/restore/",
    "/events/deleted/99999999999999999999/restore/",
    "/agreements/x/history/99999999999999999999/revert/",
    "/companies/%F0%9F%99%82/",
    "/timeline/cluster/",
    "/admin/partnerships/event/?date__year=786017376059",
    "/admin/partnerships/event/?date__year=2025&date__month=13",
    "/admin/partnerships/event/?o=99",
    "/admin/partnerships/event/?q=%00",
    "/admin/partnerships/event/999999999/change/",
    "/admin/partnerships/event/abc/change/",
    "/admin/nope/",
    "/static/nope.css",
    "/sources/search/?q=%00",
    "//",
    "/./",
    "/%2e%2e/",
    "/?" + "a=1&" * 1200,
]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-8",
    "application/x-www-form-urlencoded; charset=latin-1",
    "application/x-www-form-urlencoded; charset=iso-8859-1",
    "application/x-www-form-urlencoded; charset=UTF8",
    "application/x-www-form-urlencoded; charset=no-such-charset",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "multipart/form-data; boundary=wrong-boundary",
    "multipart/form-data; charset=latin-1",
    "text/plain",
    "application/json",
    "",
]
BROWSER_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data; boundary={}"]
MUTATIONS = [
    "as-is",
    "as-is",
    "revise",
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
    "many-fields",
    "empty",
]
TEXT_FIELDS = re.compile(r"(^|-)(title|summary|name|description|excerpt|text|heading)$")


# --- HTML ---------------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)


class PageReader(HTMLParser):
    """Links and every POST form of a page, as a browser would submit them."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: tuple[str, list[tuple[str, bool]]] | None = None
        self.textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        for name in ("href", "hx-get"):
            if attrs.get(name):
                self.links.append(attrs[name])
        if tag == "form":
            if attrs.get("method", "").lower() == "post":
                self.form = Form(attrs.get("action") or self.page)
            return
        if self.form is None or not attrs.get("name") or "disabled" in attrs:
            if tag == "option" and self.select is not None:
                self.select[1].append((attrs.get("value", ""), "selected" in attrs))
            return
        name = attrs["name"]
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image"):
                self.form.buttons.append((name, attrs.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.form.fields.append((name, attrs.get("value") or "on"))
            elif kind not in ("file", "reset"):
                self.form.fields.append((name, attrs.get("value", "")))
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            self.form.buttons.append((name, attrs.get("value", "")))
        elif tag == "select":
            self.select = (name, [])
        elif tag == "textarea":
            self.textarea = (name, [])

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1].append(data)

    def handle_endtag(self, tag):
        if self.form is None:
            return
        if tag == "select" and self.select is not None:
            name, options = self.select
            chosen = [value for value, selected in options if selected] or [
                value for value, _ in options[:1]
            ]
            self.form.fields.extend((name, value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, parts = self.textarea
            self.form.fields.append((name, "".join(parts).removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.forms.append(self.form)
            self.form = None


# --- HTTP ---------------------------------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    role: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    note: str = ""


@dataclass
class Response:
    status: int | str
    headers: http.client.HTTPMessage | None
    body: bytes


class Server:
    def __init__(self, base: str):
        parts = urlsplit(base)
        self.base = base.rstrip("/")
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.netloc = parts.netloc
        self.cookies: dict[str, dict[str, str]] = {role: {} for role in ROLES}
        self.csrf: dict[str, str] = {}

    def send(self, request: Request, *, timeout: float = 30) -> Response:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.putrequest(
                request.method, request.path, skip_host=True, skip_accept_encoding=True
            )
            headers = {"Host": self.netloc, **request.headers}
            cookies = self.cookies[request.role]
            if cookies and "Cookie" not in headers:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
            if request.body or request.method in ("POST", "PUT", "PATCH"):
                headers.setdefault("Content-Length", str(len(request.body)))
            for name, value in headers.items():
                connection.putheader(name, value.encode("latin-1", "replace"))
            connection.endheaders(request.body or None)
            reply = connection.getresponse()
            body = reply.read() if request.method != "HEAD" else b""
            return Response(reply.status, reply.headers, body)
        except (OSError, http.client.HTTPException, ValueError) as error:
            return Response(f"ERR {type(error).__name__}", None, str(error).encode())
        finally:
            connection.close()

    def remember_cookies(self, role: str, response: Response) -> None:
        for header in response.headers.get_all("Set-Cookie") or [] if response.headers else []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "Max-Age=0" not in header:
                self.cookies[role][name.strip()] = value
            else:
                self.cookies[role].pop(name.strip(), None)

    def get(self, role: str, path: str) -> Response:
        response = self.send(Request("GET", path, role))
        self.remember_cookies(role, response)
        return response

    def login(self, role: str, username: str, password: str) -> None:
        """Through the real form, as a browser would; the CSRF secret is then the role's."""
        page = self.get(role, "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        if page.status != 200 or not token:
            raise SystemExit(f"The login page answered {page.status}; cannot log in.")
        body = urlencode(
            {"csrfmiddlewaretoken": token[1].decode(), "username": username, "password": password}
        ).encode()
        response = self.send(
            Request(
                "POST",
                "/accounts/login/",
                role,
                {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.base},
                body,
            )
        )
        self.remember_cookies(role, response)
        if response.status != 302:
            raise SystemExit(f"Logging in as {username} answered {response.status}, not 302.")
        self.get(role, "/")  # the CSRF cookie, rotated at login

    def csrf_token(self, role: str) -> str:
        # The cookie holds the secret itself, which Django accepts as the form's token.
        return self.cookies[role].get("csrftoken", "")


# --- what to send ---------------------------------------------------------------------------


@dataclass
class Site:
    """What the crawl found, by who may see it: "public", "editor" and "admin"."""

    pages: dict[str, list[str]]
    forms: dict[str, list[Form]]

    def pages_for(self, rng: random.Random, role: str) -> list[str]:
        """Mostly pages the role may see; one in ten from anywhere (403s and redirects)."""
        if rng.random() < 0.1:
            return [page for pages in self.pages.values() for page in pages]
        area = {"anonymous": "public", "editor": "editor"}.get(
            role, rng.choice(["editor", "admin"])
        )
        return self.pages[area] or self.pages["public"]

    def forms_for(self, rng: random.Random, role: str) -> list[Form]:
        every = [form for forms in self.forms.values() for form in forms]
        if role == "anonymous" or rng.random() < 0.1:
            return every
        area = "editor" if role == "editor" else rng.choice(["editor", "admin"])
        return self.forms[area] or every


def crawl(
    server: Server, role: str, starts: list[str], *, limit: int, admin: bool, workers: int
) -> tuple[list[str], list[Form]]:
    """Pages (HTML, 200) reachable from ``starts`` as ``role``, and their POST forms."""
    queue, seen = list(starts), set(starts)
    pages, forms, actions = [], [], set()

    def fetch(path: str) -> tuple[str, Response]:
        return path, server.send(Request("GET", path, role))

    with ThreadPoolExecutor(workers) as pool:
        while queue and len(pages) < limit:
            batch, queue = queue[: limit - len(pages)], queue[limit - len(pages) :]
            for path, response in pool.map(fetch, batch):
                if response.status != 200 or b"<html" not in response.body[:2000].lower():
                    continue
                pages.append(path)
                reader = PageReader(path)
                reader.feed(response.body.decode("utf-8", "replace"))
                for form in reader.forms:
                    key = (re.sub(r"\d+", "N", urlsplit(form.action).path), len(form.fields))
                    if not NO_POST.match(form.action) and key not in actions:
                        actions.add(key)
                        forms.append(form)
                for link in reader.links:
                    link = unescape(link).split("#")[0]
                    parts = urlsplit(link)
                    if parts.scheme or parts.netloc or not link.startswith("/"):
                        continue
                    if NO_CRAWL.match(parts.path) or link in seen:
                        continue
                    if parts.path.startswith("/admin/") != admin:
                        continue
                    # Many links differ only by query; keep a few of each path.
                    if sum(1 for s in seen if s.split("?")[0] == parts.path) >= 3:
                        continue
                    seen.add(link)
                    queue.append(link)
    return pages, forms


def explore(server: Server, roles: list[str], workers: int) -> Site:
    add_pages = ["/events/add/", "/companies/add/", "/partnerships/add/", "/agreements/add/"]
    public = crawl(server, "anonymous", ["/"], limit=80, admin=False, workers=workers)
    editor = admin = ([], [])
    if "editor" in roles:
        starts = ["/", "/events/deleted/", *add_pages]
        editor = crawl(server, "editor", starts, limit=140, admin=False, workers=workers)
    if "superuser" in roles:
        starts = ["/admin/", "/admin/partnerships/"]
        admin = crawl(server, "superuser", starts, limit=80, admin=True, workers=workers)
    return Site(
        {"public": public[0], "editor": editor[0], "admin": admin[0]},
        {"public": public[1], "editor": editor[1], "admin": admin[1]},
    )


def odd_query(rng: random.Random) -> str:
    pairs = []
    for _ in range(rng.randint(0, 5)):
        value = rng.choice(ODD) if rng.random() < 0.6 else rng.choice(GOOD)
        pairs.append((rng.choice(PARAMS), value))
    query = urlencode(pairs)
    if rng.random() < 0.2:
        query += rng.choice(RAW_QUERY)
    return query


def with_query(path: str, query: str) -> str:
    if not query:
        return path
    return f"{path}{'&' if '?' in path else '?'}{query.lstrip('&')}"


def odd_headers(rng: random.Random, server: Server, site: Site, role: str) -> dict[str, str]:
    page = server.base + rng.choice(site.pages_for(rng, role))
    choice = rng.randrange(10)
    if choice < 4:
        headers = {"HX-Request": "true"}
        headers["HX-Current-URL"] = rng.choice(
            [
                page,
                server.base + "/?" + odd_query(rng),
                "http://[::1",
                "http://[::1]:x/",
                "%%%",
                "javascript:alert(1)",
                "http://evil.example/events/x/",
                "x" * 3000,
            ]
        )
        if rng.random() < 0.5:
            headers["HX-Target"] = rng.choice(["timeline-results", "main", "\u2603", "x" * 500])
        if rng.random() < 0.2:
            headers[rng.choice(["HX-Boosted", "HX-History-Restore-Request"])] = "true"
        return headers
    if choice == 4:
        cookies = "; ".join(f"{k}={v}" for k, v in server.cookies[role].items())
        return {"Cookie": f"{cookies}; junk={'x' * rng.choice([4000, 8000, 20000])}"}
    if choice == 5:
        return {"Host": rng.choice(["evil.example", "127.0.0.1:1", "[::1", "a" * 300, "", "x y"])}
    if choice == 6:
        return {
            "X-Forwarded-For": rng.choice(["::::", "1.2.3.4, evil", "x" * 500, "999.1.1.1"]),
            "X-Forwarded-Proto": rng.choice(["https", "gopher", ""]),
            "X-Forwarded-Host": rng.choice(["evil.example", "[::1"]),
        }
    if choice == 7:
        return {
            "Accept-Language": rng.choice(["xx-\U0001f642", "*;q=x", "en;q=99" * 50, ""]),
            "Accept": rng.choice(["text/html", "application/json", "*/*;q=abc", "\x7f"]),
        }
    if choice == 8:
        return {
            "If-Modified-Since": rng.choice(["yesterday", "Thu, 01 Jan 1970 00:00:00 GMT"]),
            "If-None-Match": rng.choice(["*", '"x"', "W/" * 100]),
            "Range": rng.choice(["bytes=0-1", "bytes=junk", "bytes=-99999999999"]),
        }
    return {"User-Agent": "\u00e9" * rng.choice([10, 5000]), "Referer": "http://[::1"}


def mutate(rng: random.Random, fields: list[tuple[str, str]]) -> tuple[list, str]:
    """The form as a careless or hostile client would post it; and what was done."""
    kind = rng.choice(MUTATIONS)
    fields = list(fields)
    names = sorted({name for name, _ in fields}) or ["x"]

    def set_field(name: str, value: str) -> None:
        fields[:] = [(n, v) for n, v in fields if n != name] + [(name, value)]

    if kind == "revise":
        texts = [(n, v) for n, v in fields if TEXT_FIELDS.search(n) and v]
        if texts:
            name, value = rng.choice(texts)
            set_field(name, value[:150] + f" (fuzz {rng.randrange(1000)})")
    elif kind == "blank":
        set_field(rng.choice(names), "")
    elif kind == "too-long":
        set_field(rng.choice(names), rng.choice(["x" * 201, "y" * 256, "z" * 100_000]))
    elif kind == "wrong-type":
        set_field(rng.choice(names), rng.choice(ODD))
    elif kind == "unknown-id":
        ids = [n for n, v in fields if v.isdigit()]
        if ids:
            set_field(rng.choice(ids), rng.choice(["999999999", "99999999999999999999", "0"]))
    elif kind == "stale-version":
        versions = [n for n in names if n.endswith("version")]
        if versions:
            set_field(rng.choice(versions), rng.choice(["0", "1", "-1", "abc", "", "9" * 30]))
    elif kind in ("extra-rows", "management"):
        totals = [n for n in names if n.endswith("-TOTAL_FORMS")]
        if totals:
            prefix = rng.choice(totals).removesuffix("-TOTAL_FORMS")
            if kind == "management":
                key = rng.choice(["TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"])
                set_field(f"{prefix}-{key}", rng.choice(["-1", "x", "", "1000", "9" * 20]))
            else:
                total = int(dict(fields).get(f"{prefix}-TOTAL_FORMS") or 0)
                row = sorted({n.split("-", 2)[2] for n in names if n.startswith(f"{prefix}-0-")})
                for index in range(total, total + rng.randint(1, 3)):
                    for name in row or ["id"]:
                        fields.append((f"{prefix}-{index}-{name}", rng.choice(ODD + GOOD)))
                set_field(f"{prefix}-TOTAL_FORMS", str(index + 1))
    elif kind == "drop":
        name = rng.choice(names)
        fields = [(n, v) for n, v in fields if n != name]
    elif kind == "repeat":
        fields.append((rng.choice(names), rng.choice(ODD + GOOD)))
    elif kind == "unknown-field":
        fields.append((rng.choice(["\x00", "x" * 300, "a[b]", "\u00e9", "-", "__proto__"]), "1"))
    elif kind == "many-fields":
        fields += [(f"f{i}", "1") for i in range(rng.choice([100, 1200]))]
    elif kind == "empty":
        fields = []
    return fields, kind


def encode_form(rng: random.Random, fields: list[tuple[str, str]]) -> tuple[str, bytes]:
    # Mostly what browsers send, so that the forms themselves are exercised.
    content_type = rng.choice(CONTENT_TYPES) if rng.random() < 0.4 else rng.choice(BROWSER_TYPES)
    charset = "latin-1" if "latin-1" in content_type or "8859" in content_type else "utf-8"
    if content_type.startswith("multipart"):
        boundary = f"fuzzboundary{rng.getrandbits(32):08x}"
        parts = []
        for name, value in fields:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            )
        body = ("".join(parts) + f"--{boundary}--\r\n").encode(charset, "replace")
        if content_type == "multipart/form-data" and rng.random() < 0.8:
            content_type += "; boundary={}"
        content_type = content_type.replace("{}", boundary)
        return content_type, body
    if content_type == "application/json":
        return content_type, b'{"title": "\\u0000", "a": [1, 2'
    return content_type, urlencode(fields, encoding=charset, errors="replace").encode("ascii")


def build(index: int, seed: int, server: Server, site: Site, roles: list[str]) -> Request:
    """Request number ``index``: the same for the same seed, whatever the thread order."""
    rng = random.Random(f"{seed}:{index}")
    role = rng.choice(roles)
    kind = rng.random()
    if kind < 0.33:  # a real page, malformed parameters
        path = with_query(rng.choice(site.pages_for(rng, role)), odd_query(rng))
        return Request("GET", quote(path, safe="/?&=%+:;,@!$'()*~"), role, note="params")
    if kind < 0.40:  # a nonsense URL
        path = rng.choice(NONSENSE_PATHS)
        query = odd_query(rng) if rng.random() < 0.3 else ""
        return Request("GET", with_query(path, query), role, note="nonsense")
    if kind < 0.72:  # a real form, mutated
        form = rng.choice(site.forms_for(rng, role))
        fields, mutation = mutate(rng, form.fields)
        if "/delete/" in form.action and rng.random() < 0.9:
            # Mostly a stale delete (refused): deleted events would turn the rest into 404s.
            # (the admin's confirmation deletes only with "post" in the form).
            fields = [(n, v) for n, v in fields if n != "post"] + [("loaded_version", "0")]
            mutation = "stale-delete"
        if form.buttons and rng.random() < 0.2:
            fields.append(rng.choice(form.buttons))
        token = server.csrf_token(role)
        fields = [(n, v) for n, v in fields if n != "csrfmiddlewaretoken"]
        if rng.random() < 0.95:
            fields.insert(0, ("csrfmiddlewaretoken", token if rng.random() < 0.97 else "x" * 64))
        content_type, body = encode_form(rng, fields)
        headers = {"Content-Type": content_type, "Origin": server.base}
        if rng.random() < 0.3:
            headers.update(odd_headers(rng, server, site, role))
        return Request("POST", form.action, role, headers, body, note=mutation)
    if kind < 0.76:  # a login with an odd user name (never a real one: axes would lock it)
        username = rng.choice(
            ["nobody", "x" * 300, "\x00", "\u00e9l\u00e8ve", "' OR 1=1 --", "a" * 255, ""]
        )
        fields = [
            ("csrfmiddlewaretoken", server.csrf_token("anonymous")),
            ("username", username),
            ("password", rng.choice(["", "x", "\x00", "p" * 5000])),
            ("next", rng.choice(["/", "//evil.example/", "http://[::1", "\x00"])),
        ]
        content_type, body = encode_form(rng, fields)
        headers = {"Content-Type": content_type, "Origin": server.base}
        return Request("POST", "/accounts/login/", "anonymous", headers, body, note="login")
    if kind < 0.90:  # odd headers
        path = rng.choice(site.pages_for(rng, role))
        return Request("GET", path, role, odd_headers(rng, server, site, role), note="headers")
    method = rng.choice(["HEAD", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE", "TRACE", "FUZZ"])
    pool = site.pages_for(rng, role) + [form.action for form in site.forms_for(rng, role)]
    body = b"a=1" if rng.random() < 0.5 and method not in ("HEAD", "TRACE") else b""
    headers = {"Content-Type": rng.choice(CONTENT_TYPES)} if body else {}
    return Request(method, rng.choice(pool), role, headers, body, note="method")


# --- running --------------------------------------------------------------------------------


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)
    by_role: Counter = field(default_factory=Counter)
    by_method: Counter = field(default_factory=Counter)
    by_kind: Counter = field(default_factory=Counter)
    errors: list[tuple[Request, Response]] = field(default_factory=list)
    # Posts that went on to another page (not a login): what a save does.
    moved_on: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, request: Request, response: Response) -> int:
        """Count one answer; returns how many have been counted."""
        with self.lock:
            self.statuses[response.status] += 1
            self.by_role[request.role, response.status] += 1
            self.by_method[request.method, response.status] += 1
            self.by_kind[request.note or "-", response.status] += 1
            if isinstance(response.status, int) and response.status >= 500:
                self.errors.append((request, response))
            if request.method == "POST" and response.headers is not None:
                target = response.headers.get("Location") or response.headers.get("HX-Redirect")
                if target and "login" not in target and request.note != "login":
                    self.moved_on[request.note] += 1
            return sum(self.statuses.values())


def fuzz(server: Server, site: Site, args, roles: list[str]) -> tuple[Tally, int, float]:
    tally = Tally()
    deadline = time.monotonic() + args.max_seconds
    sent = 0

    def one(index: int) -> None:
        if time.monotonic() > deadline:
            return
        request = build(index, args.seed, server, site, roles)
        done = tally.add(request, server.send(request))
        if done % 1000 == 0:
            print(f"  {done:,} sent, {time.monotonic() - started:.0f} s", flush=True)

    started = time.monotonic()
    with ThreadPoolExecutor(args.workers) as pool:
        for index in range(args.requests):
            pool.submit(one, index)
    sent = sum(tally.statuses.values())
    return tally, sent, time.monotonic() - started


def table(title: str, counts: Counter, keys: list) -> None:
    statuses = sorted({status for _, status in counts}, key=str)
    print(f"\n{title:<14}" + "".join(f"{s!s:>8}" for s in statuses) + f"{'total':>9}")
    for key in keys:
        row = [counts.get((key, s), 0) for s in statuses]
        if sum(row):
            print(f"{key:<14}" + "".join(f"{n:>8}" for n in row) + f"{sum(row):>9}")


def report(tally: Tally, sent: int, seconds: float, log: Path | None) -> int:
    print(f"\n{sent:,} requests in {seconds:.1f} s: {sent / seconds:.0f} requests/s")
    print(
        "Status counts: "
        + ", ".join(
            f"{s} × {n:,}" for s, n in sorted(tally.statuses.items(), key=lambda i: str(i[0]))
        )
    )
    table("role", tally.by_role, list(ROLES))
    table("method", tally.by_method, sorted({m for m, _ in tally.by_method}))
    table("kind", tally.by_kind, sorted({k for k, _ in tally.by_kind}))
    moved_on = sum(tally.moved_on.values())
    print(
        f"\nPOSTs that moved on to another page (saved): {moved_on:,} ("
        + ", ".join(f"{kind} {n}" for kind, n in sorted(tally.moved_on.items()))
        + ")"
    )
    server_errors = sum(n for s, n in tally.statuses.items() if isinstance(s, int) and s >= 500)
    if log is not None and log.exists():
        text = log.read_text(errors="replace")
        print(f"\nServer log: {text.count('Internal Server Error')} × Internal Server Error")
    print(f"\n500 × {tally.statuses.get(500, 0)}; all 5xx × {server_errors}")
    for request, response in tally.errors[:8]:
        print(f"\n--- {response.status}: {request.method} {request.path[:300]} as {request.role}")
        print(f"    kind {request.note}; headers {dict(request.headers)!r:.400}")
        if request.body:
            print(f"    body {request.body[:400]!r}")
    return 1 if tally.statuses.get(500, 0) else 0


# --- our own world: database and gunicorn ---------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_urls() -> tuple[str, str]:
    """(scratch database URL, maintenance URL) on the dev server; never the dev database."""
    base = os.environ.get("DATABASE_URL")
    if not base:
        sys.path.insert(0, str(ROOT))
        from config import devdb

        base = devdb.ensure_url(DATABASE)
    parts = urlsplit(base)
    return (
        urlunsplit(parts._replace(path=f"/{DATABASE}")),
        urlunsplit(parts._replace(path="/postgres")),
    )


def recreate_database(maintenance_url: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')


def manage(env: dict, *command: str, stdin: str | None = None) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *command], cwd=ROOT, env=env, input=stdin, text=True, check=True
    )


def start_server(env: dict, port: int, log: Path) -> subprocess.Popen:
    gunicorn = str(Path(PYTHON).with_name("gunicorn"))
    if (ROOT / "gunicorn.conf.py").exists():
        command = [gunicorn, "-c", "gunicorn.conf.py", "config.wsgi"]
        env = {**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "3"}
    else:
        command = [gunicorn, "config.wsgi", "-w", "3", "-b", f"127.0.0.1:{port}"]
    print("$ " + " ".join(command))
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(f"http://127.0.0.1:{port}")
    for _ in range(120):
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited ({process.returncode}); see {log}")
        if isinstance(server.send(Request("GET", "/", "anonymous"), timeout=5).status, int):
            return process
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer in 60 s; see {log}")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def own_world(args):
    """Create the scratch database and users, start gunicorn; yields (base URL, log)."""
    url, maintenance = database_urls()
    port = free_port()
    scratch = Path(tempfile.mkdtemp(prefix="fuzz-"))
    password = secrets.token_urlsafe(16)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "DATABASE_URL": url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(scratch / "static"),
        "DJANGO_SUPERUSER_PASSWORD": password,
    }
    print(f"Database {DATABASE} (created afresh), demo data, {EDITOR} and {SUPERUSER}…")
    recreate_database(maintenance)
    process = None
    try:
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "loaddemo")
        manage(env, "collectstatic", "--no-input", "-v", "0")
        manage(env, "createeditor", EDITOR, "--password-stdin", stdin=password + "\n")
        manage(env, "createsuperuser", "--no-input", "--username", SUPERUSER, "--email", "")
        process = start_server(env, port, scratch / "gunicorn.log")
        yield f"http://127.0.0.1:{port}", scratch / "gunicorn.log", password
    finally:
        if process is not None:
            stop_server(process)
        if not args.keep:
            recreate_database(maintenance, drop_only=True)
        if args.keep_log:
            print(f"Server log kept in {scratch / 'gunicorn.log'}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def run(args, base: str, log: Path | None, credentials: dict[str, tuple[str, str]]) -> int:
    server = Server(base)
    roles = ["anonymous"]
    server.get("anonymous", "/accounts/login/")  # its CSRF cookie
    for role, (username, password) in credentials.items():
        server.login(role, username, password)
        roles.append(role)
    print(f"Logged in as {', '.join(roles[1:]) or 'nobody'}; crawling…")
    started = time.monotonic()
    site = explore(server, roles, args.workers)
    for area in site.pages:
        actions = sorted({re.sub(r"\d+", "N", form.action) for form in site.forms[area]})
        print(
            f"  {area}: {len(site.pages[area])} pages, {len(actions)} forms: {', '.join(actions)[:600]}"
        )
    print(f"Crawled in {time.monotonic() - started:.0f} s.")
    print(f"Sending {args.requests:,} requests (seed {args.seed}, {args.workers} workers)…")
    tally, sent, seconds = fuzz(server, site, args, roles)
    if sent < args.requests:
        print(f"Stopped after {args.max_seconds} s: {sent:,} of {args.requests:,} sent.")
    return report(tally, sent, seconds, log)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=6)
    parser.add_argument("--max-seconds", type=float, default=900)
    parser.add_argument("--url", help="fuzz this server instead of starting one")
    parser.add_argument("--editor", help="USER:PASSWORD of an editor on --url")
    parser.add_argument("--superuser", help="USER:PASSWORD of a superuser on --url")
    parser.add_argument("--keep", action="store_true", help=f"keep the {DATABASE} database")
    parser.add_argument("--keep-log", action="store_true", help="keep gunicorn's log")
    args = parser.parse_args()

    if args.url:
        credentials = {
            role: tuple(value.split(":", 1))
            for role, value in (("editor", args.editor), ("superuser", args.superuser))
            if value
        }
        return run(args, args.url, None, credentials)
    world = own_world(args)
    base, log, password = next(world)
    try:
        credentials = {"editor": (EDITOR, password), "superuser": (SUPERUSER, password)}
        return run(args, base, log, credentials)
    finally:
        world.close()


if __name__ == "__main__":
    sys.exit(main())
