"""gunicorn settings for production: ``gunicorn -c gunicorn.conf.py config.wsgi``.

Run it behind a buffering proxy (deploy/nginx.conf or deploy/Caddyfile): gunicorn has a
finite number of threads, and a client trickling its request headers holds one for as
long as it likes. The proxy reads whole requests first, with its own timeouts, and hands
gunicorn only complete ones. bench/slowloris.py measures the difference (README).

Environment (all optional):
  BIND              address to listen on (default 127.0.0.1:$PORT; keep it private, since
                    TRUSTED_PROXY_COUNT trusts what the proxy forwards)
  PORT              port when BIND is unset (default 8000)
  WEB_CONCURRENCY   worker processes (default 2 x CPUs + 1, at most 8)
  GUNICORN_THREADS  threads per worker (default 4)
  TRUSTED_PROXY_COUNT  as for the app: the access log shows the real client address
"""

import os

from gunicorn import glogging
from gunicorn.http import wsgi

from config.client_address import client_address_from

bind = [os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"]

# Threads: a slow response (or a slow client the proxy did not absorb) holds one thread,
# not a whole process. Each thread keeps one PostgreSQL connection (CONN_MAX_AGE), so
# workers x threads must stay under the server's max_connections.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * (os.cpu_count() or 1) + 1, 8))
threads = int(os.environ.get("GUNICORN_THREADS") or 4)

# A worker takes no more connections than it has threads, so a connection it cannot
# serve at once stays in the listen queue for a worker that can (measured: 16 slow
# connections no longer stall anyone; with gunicorn's default of 1000, 12 did). That
# leaves no room for idle kept-alive connections: the proxy opens one per request.
worker_connections = threads
keepalive = 0

timeout = 30  # a worker silent this long is killed and replaced
graceful_timeout = 30
# Load the app once, before forking: workers (and those replacing recycled ones) start
# ready instead of each importing Django on its first request.
preload_app = True

# Refuse oversized requests before Django sees them (gunicorn answers 414 or 400).
limit_request_line = 4094
limit_request_fields = 60
limit_request_field_size = 8190

# Recycle workers now and then, at staggered times, so a slow leak cannot grow forever.
max_requests = 2000
max_requests_jitter = 200

# No runtime control socket ($HOME/.gunicorn/gunicorn.ctl): unused here, and two
# instances on one host would fight over the path.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
# %(h)s is the real client (see ClientAddressLogger), then request, status, size, time.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'


class ClientAddressLogger(glogging.Logger):
    """Logs the client address the app trusts (config/client_address.py), not the
    proxy's: the rightmost X-Forwarded-For entry not written by our proxies."""

    trusted_proxies = int(os.environ.get("TRUSTED_PROXY_COUNT") or 0)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["h"] = client_address_from(
            environ.get("REMOTE_ADDR", "-"),
            environ.get("HTTP_X_FORWARDED_FOR", ""),
            self.trusted_proxies,
        )
        return atoms


logger_class = ClientAddressLogger


# Don't advertise the server software: gunicorn sends "Server: gunicorn" on every
# response and has no setting for it, so drop the line from its default headers.
def _headers_without_server(default_headers):
    def headers(self):
        return [line for line in default_headers(self) if not line.startswith("Server:")]

    return headers


wsgi.Response.default_headers = _headers_without_server(wsgi.Response.default_headers)
