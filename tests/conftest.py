import os

# live_server runs in a thread while sync Playwright holds an event loop in the
# test thread; Django must allow its ORM there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
