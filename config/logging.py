"""Logging that never writes a private-link token: the link is the only key to an assessment."""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

# The token is the path segment after /a/ (assessment/converters.py: 16-64 url-safe characters);
# the first four characters are kept so that an operator can still tell requests apart. The
# second pattern catches a token outside a path, e.g. "{'token': '…'}" in an exception message.
_TOKEN_IN_PATH = re.compile(r"(/a/[A-Za-z0-9_-]{4})[A-Za-z0-9_-]{12,60}")
_TOKEN_NAMED = re.compile(r"""(token['"]?\s*[:=]\s*['"]?[A-Za-z0-9_-]{4})[A-Za-z0-9_-]{12,60}""")
MASK = r"\1…"


def mask_tokens(text: str) -> str:
    return _TOKEN_NAMED.sub(MASK, _TOKEN_IN_PATH.sub(MASK, text))


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_tokens(value)
    return value


class MaskTokensFilter(logging.Filter):
    """Masks tokens in a record's message, arguments, traceback and the request path it carries."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_tokens(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_masked(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _masked(value) for key, value in record.args.items()}
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when it is set, so the traceback is written masked.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_tokens(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_tokens(record.stack_info)
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            # django.request attaches the request; formatters and error mails read its path.
            record.request_path = mask_tokens(request.path)
        return True


class TokenMaskingGunicornLogger(Logger):
    """gunicorn's logs with the token masked: every access-log atom and every error message."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        # "Error handling request /de/a/…" and the like go to gunicorn.error, not through Django.
        if not any(isinstance(f, MaskTokensFilter) for f in self.error_log.filters):
            self.error_log.addFilter(MaskTokensFilter())

    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        # All of them, not only the request line: a custom access_log_format may name the
        # referer or the raw URI ("{referer}i", "{raw_uri}e"), which hold the token too.
        return {key: _masked(value) for key, value in atoms.items()}
