"""gunicorn settings for production: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Every value can be overridden from the environment (names below) or on the command line.
"""

from __future__ import annotations

import os

# Threads, not processes, carry the concurrency: a slow request occupies one thread, and the
# home page is served by the others instead of queueing behind it. Reports (PDF, DOCX) are not
# made here at all but by the task worker (`manage.py db_worker`, reports/tasks.py).
# gthread, except that a connection which has sent nothing yet waits on the poller instead of
# holding a thread (config/gunicorn_worker.py).
worker_class = "config.gunicorn_worker.PollingThreadWorker"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Two threads each: on two cores 2 × 2 served more pages and answers than 2 × 4, with half the
# answers' p95 (the threads of one worker share its GIL, and an answer holding the SQLite write
# lock waited for it behind three others; docs/performance.md, fifth round). With PostgreSQL,
# whose statements release the GIL while they wait, more threads may pay: GUNICORN_THREADS.
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Above every time limit inside a request (a database statement 30 s; with TASKS_BACKEND=immediate
# also chart start-up 20 s, one chart 10 s, one PDF 40 s). A worker that misses its heartbeat for
# this long is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so that slow growth never matters (the jitter
# keeps the workers from restarting at the same moment). Not much more often: at 500 a busy
# worker was replaced every few seconds, and `make bench` served 40 % fewer pages (160 vs 285/s).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# The master imports the app and warms it up (config/warmup.py: views, templates, translations)
# before it forks: each worker, also every replacement after max_requests, starts warm instead
# of spending some 0.6 s of CPU on its first requests. A code change needs a restart, not HUP.
preload_app = True
# Request lines and headers beyond these limits are refused with 400 before Django sees them.
limit_request_line = 4094
limit_request_fields = 100

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# The path is logged with the private-link token masked (config/logging.py).
logger_class = "config.logging.TokenMaskingGunicornLogger"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# No X-Forwarded-* header is trusted unless the operator names the proxy (see README).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn >= 25 opens a control socket at one fixed path per user ($HOME/.gunicorn/gunicorn.ctl),
# which a second instance on the same machine takes over; nothing here uses it.
control_socket_disable = True

# Only with TASKS_BACKEND=immediate does a web worker start a chart renderer. No
# post_fork/child_exit process-group hooks, on purpose: Chromium starts in a session of its own
# (choreographer uses start_new_session), so killing the worker's process group would miss it,
# and SIGKILLing the chart renderer first would orphan it. Instead the renderer
# (reports/chart_renderer.py) gets SIGTERM from the kernel when its worker dies, however it dies
# (PR_SET_PDEATHSIG), and kills its browser tree; tests/production/test_no_orphans.py proves it.
