"""A consultancy's branding as the results page and the reports show it.

Plain values from the workspace's fields: its shown name, the logo as a ``data:`` URI (pages and
the PDF embed it; nothing is fetched), the accent colour when it is a valid ``#rrggbb`` (it goes
into a style attribute and the Word XML, so nothing else may), and the contact line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from assessment.branding import FORMATS, HEX_COLOUR, logo_data_uri

if TYPE_CHECKING:
    from assessment.models import Workspace


@dataclass(frozen=True)
class Branding:
    name: str
    logo: str  # a data: URI, "" without a logo
    logo_bytes: bytes
    accent: str  # "#rrggbb", "" for the app's own colours
    contact: str

    @property
    def accent_hex(self) -> str:
        """The accent without "#" (Word's colour attributes), "" without one."""
        return self.accent[1:].upper() if self.accent else ""


def branding_for(workspace: Workspace | None) -> Branding | None:
    """The workspace's branding; None for anonymous self-assessments (they look as ever)."""
    if workspace is None:
        return None
    logo = bytes(workspace.logo or b"")
    # Only what the branding form stores (a re-encoded PNG or JPEG) is embedded.
    known = workspace.logo_content_type in FORMATS.values()
    uri = logo_data_uri(logo, workspace.logo_content_type) if known else ""
    accent = workspace.accent_color.strip()
    return Branding(
        name=workspace.shown_name,
        logo=uri,
        logo_bytes=logo if uri else b"",
        accent=accent if HEX_COLOUR.fullmatch(accent) else "",
        contact=workspace.contact_line.strip(),
    )
