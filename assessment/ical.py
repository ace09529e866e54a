"""iCalendar (RFC 5545) text for the due dates of an action plan: all-day events, escaped and
folded as the standard says, so that every calendar program reads them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

LINE_OCTETS = 75


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    day: datetime.date
    summary: str
    description: str = ""


def escape_text(value: str) -> str:
    """TEXT escaping: backslash, semicolon, comma and line breaks (RFC 5545, 3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after CRLF and a space; a UTF-8
    character is never split."""
    parts: list[str] = []
    current, size = "", 0
    limit = LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
            limit = LINE_OCTETS - 1  # the continuation's leading space counts
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def ical_calendar(events: Iterable[CalendarEvent], *, name: str, stamp: datetime.datetime) -> str:
    """A VCALENDAR with one all-day VEVENT per event."""
    stamp_text = stamp.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Kundenkompass//Action plan//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp_text}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
