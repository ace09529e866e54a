"""Logging that never writes a private-link token: the link is the only key to an assessment."""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

# The token is the path segment after /a/ (assessment/converters.py); the first four characters
# are kept so that an operator can still tell requests apart.
_TOKEN_IN_PATH = re.compile(r"(/a/[A-Za-z0-9_-]{4})[A-Za-z0-9_-]{12,60}")
MASK = r"\1…"


def mask_tokens(text: str) -> str:
    return _TOKEN_IN_PATH.sub(MASK, text)


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_tokens(value)
    return value


class MaskTokensFilter(logging.Filter):
    """Masks tokens in a record's message, its arguments and the request path it carries."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_tokens(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_masked(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _masked(value) for key, value in record.args.items()}
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            # django.request attaches the request; formatters and error mails read its path.
            record.request_path = mask_tokens(request.path)
        return True


class TokenMaskingGunicornLogger(Logger):
    """gunicorn's access log with the token masked in the request line, path and query."""

    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask_tokens(atoms[key])
        return atoms
