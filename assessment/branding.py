"""A workspace's branding: the accent colour's contrast and the logo, checked by decoding it.

Plain functions; the settings form turns their `ValidationError`s into messages at the field.
"""

from __future__ import annotations

import base64
import io
import re
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_LOGO_BYTES = 1024 * 1024
# Logos are stored at most this size (they print at a few centimetres); larger ones are scaled.
LOGO_BOX = (600, 200)
# A decoded logo larger than this is refused before it takes memory: PNG compresses a huge
# empty canvas into a few kB (a "decompression bomb").
MAX_LOGO_PIXELS = 25_000_000
MIN_CONTRAST = 4.5  # WCAG 2 AA for normal text, against white
HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


@dataclass(frozen=True)
class LogoImage:
    data: bytes
    content_type: str


def relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance of a `#RRGGBB` colour, from 0 (black) to 1 (white)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str = "#FFFFFF") -> float:
    """WCAG 2's contrast ratio of two `#RRGGBB` colours: 1 (none) to 21 (black on white)."""
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def clean_accent_colour(value: str) -> str:
    """`#RRGGBB` (upper case) readable on white, or "" for none; else a ValidationError."""
    value = value.strip()
    if not value:
        return ""
    if not HEX_COLOUR.match(value):
        raise ValidationError(
            _("Enter the colour as # and six hexadecimal digits, for example #0B5394."),
            code="format",
        )
    ratio = contrast_ratio(value)
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _(
                "This colour is too light to read on white: contrast %(ratio)s:1, at least "
                "%(minimum)s:1 is needed. Choose a darker shade."
            )
            % {
                "ratio": number_format(round(ratio, 2), 2),  # number_format cuts, not rounds
                "minimum": number_format(MIN_CONTRAST, 1),
            },
            code="contrast",
        )
    return value.upper()


def clean_logo(data: bytes) -> LogoImage:
    """A PNG or JPEG logo, decoded, scaled into LOGO_BOX and encoded again; else ValidationError.

    Re-encoding drops whatever else the file carried (metadata, trailing bytes, a script in
    a polyglot file): only the pixels are kept.
    """
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationError(
            _("The logo is larger than %(size)s MB. Please upload a smaller file.")
            % {"size": number_format(MAX_LOGO_BYTES / 1024 / 1024, 0)},
            code="size",
        )
    refused = ValidationError(
        _("The logo must be a PNG or JPEG image. This file is not one (SVG is not accepted)."),
        code="format",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as probe:
                if probe.width * probe.height > MAX_LOGO_PIXELS:
                    raise refused
                probe.verify()
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
                image.load()
                kind = image.format or ""
                picture = image.copy()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise refused from error
    picture.thumbnail(LOGO_BOX)
    out = io.BytesIO()
    if kind == "JPEG":
        picture.convert("RGB").save(out, "JPEG", quality=90)
    else:
        picture.save(out, "PNG", optimize=True)
    return LogoImage(data=out.getvalue(), content_type=FORMATS.get(kind, "image/png"))


def logo_data_uri(logo: bytes | memoryview, content_type: str) -> str:
    """The stored logo as a `data:` URI for pages and reports ("" when there is none)."""
    if not logo:
        return ""
    return f"data:{content_type};base64,{base64.b64encode(bytes(logo)).decode('ascii')}"
