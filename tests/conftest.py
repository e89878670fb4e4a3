import os

import pytest
from django.contrib.auth.models import User
from django.test import Client

from partnerships.sample_data.demo import load_demo
from tests.helpers import make_editor

# live_server runs in a thread while sync Playwright holds an event loop in the
# test thread; Django must allow its ORM there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def editor(db) -> User:
    """Ada, in the "Editors" group; her password is ``tests.helpers.EDITOR_PASSWORD``."""
    return make_editor("ada")


@pytest.fixture
def editor_client(client, editor) -> Client:
    """The ``client`` fixture, logged in as the editor."""
    client.force_login(editor)
    return client


@pytest.fixture
def demo(db) -> None:
    """The demo data (Microsoft–OpenAI and friends). The browser tests have their own."""
    load_demo()
