"""Branding: a readable accent colour and a logo that is what it claims to be."""

from __future__ import annotations

import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from assessment.branding import (
    MAX_LOGO_BYTES,
    clean_accent_colour,
    clean_logo,
    contrast_ratio,
    logo_data_uri,
)
from tests.factories import make_consultant


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (120, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (11, 83, 148)).save(out, kind)
    return out.getvalue()


@pytest.mark.parametrize(
    ("colour", "expected"),
    [
        ("#000000", 21.0),
        ("#FFFFFF", 1.0),
        ("#767676", 4.54),  # the lightest grey that passes AA on white
        ("#777777", 4.48),
        ("#0B5394", 7.84),  # by hand: L = 0.0840, (1.05) / (0.0840 + 0.05)
    ],
)
def test_contrast_ratio_against_white(colour, expected):
    assert contrast_ratio(colour) == pytest.approx(expected, abs=0.01)


hex_colour = st.from_regex(r"\A#[0-9A-F]{6}\Z")


@given(hex_colour, hex_colour)
def test_contrast_is_symmetric_and_between_1_and_21(a, b):
    assert contrast_ratio(a, b) == pytest.approx(contrast_ratio(b, a))
    assert 1 <= contrast_ratio(a, b) <= 21 + 1e-9


@pytest.mark.parametrize(
    ("value", "result"), [("", ""), ("#0b5394", "#0B5394"), (" #767676 ", "#767676")]
)
def test_accent_colour_accepted(value, result):
    assert clean_accent_colour(value) == result


@pytest.mark.parametrize(
    ("value", "code"),
    [("#777777", "contrast"), ("#FFFF00", "contrast"), ("blue", "format"), ("#12345", "format")],
)
def test_accent_colour_refused(value, code):
    with pytest.raises(ValidationError) as refused:
        clean_accent_colour(value)
    assert refused.value.code == code


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_png_and_jpeg_are_accepted_and_re_encoded(kind):
    logo = clean_logo(image_bytes(kind))
    assert logo.content_type == f"image/{kind.lower()}"
    with Image.open(io.BytesIO(logo.data)) as decoded:
        assert decoded.format == kind and decoded.size == (120, 40)


def test_a_large_logo_is_scaled_into_its_box():
    logo = clean_logo(image_bytes("PNG", (3000, 1000)))
    with Image.open(io.BytesIO(logo.data)) as decoded:
        assert decoded.size == (600, 200)


def _bomb() -> bytes:
    """A valid PNG header claiming 100,000 × 100,000 pixels over a few bytes of data."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 100))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"just text called logo.png",
        image_bytes("GIF"),
        image_bytes("PNG")[:60],  # truncated
        _bomb(),
    ],
    ids=["svg", "text", "gif", "truncated", "bomb"],
)
def test_anything_else_is_refused(data):
    with pytest.raises(ValidationError) as refused:
        clean_logo(data)
    assert refused.value.code == "format"


def test_more_than_a_megabyte_is_refused_by_size():
    with pytest.raises(ValidationError) as refused:
        clean_logo(b"\0" * (MAX_LOGO_BYTES + 1))
    assert refused.value.code == "size"


def test_data_uri():
    assert logo_data_uri(b"", "") == ""
    assert logo_data_uri(b"abc", "image/png") == "data:image/png;base64,YWJj"


# --- the settings page


@pytest.fixture
def owner(db):
    return make_consultant(email="owner@a.example", workspace="Beratung A")


def _post(client, **fields):
    data = {
        "display_name": "Beratung A GmbH",
        "accent_color": "#0B5394",
        "contact_line": "info@a.example",
        "roles": "Geschäftsleitung\nVertrieb\nMarketing\nService\nIT",
    }
    data.update(fields)
    return client.post(reverse("workspace:settings"), data)


def test_owner_saves_branding_with_a_logo(client, owner):
    client.force_login(owner)
    response = _post(client, logo=SimpleUploadedFile("logo.png", image_bytes(), "image/png"))
    assert response["Location"] == reverse("workspace:settings")
    workspace = owner.membership.workspace
    workspace.refresh_from_db()
    assert (workspace.display_name, workspace.accent_color) == ("Beratung A GmbH", "#0B5394")
    assert workspace.logo_content_type == "image/png" and bytes(workspace.logo)[:4] == b"\x89PNG"
    page = client.get(reverse("workspace:settings")).content.decode()
    assert "data:image/png;base64," in page


def test_a_fake_logo_is_refused_at_the_field_and_the_rest_is_kept(client, owner):
    client.force_login(owner)
    response = _post(
        client,
        accent_color="#777777",
        logo=SimpleUploadedFile("logo.png", b"<svg></svg>", "image/png"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "PNG oder JPEG" in page
    assert "Kontrast 4,48:1" in page
    assert 'value="Beratung A GmbH"' in page and 'value="info@a.example"' in page
    workspace = owner.membership.workspace
    workspace.refresh_from_db()
    assert workspace.display_name == "" and not workspace.logo


def test_removing_the_logo(client, owner):
    client.force_login(owner)
    _post(client, logo=SimpleUploadedFile("logo.png", image_bytes(), "image/png"))
    _post(client, remove_logo="on")
    owner.membership.workspace.refresh_from_db()
    assert not owner.membership.workspace.logo


def test_a_member_sees_branding_but_cannot_change_it(client, owner):
    member = make_consultant(email="member@a.example", workspace="Beratung A")
    client.force_login(member)
    assert client.get(reverse("workspace:settings")).status_code == 200
    assert _post(client).status_code == 404
    owner.membership.workspace.refresh_from_db()
    assert owner.membership.workspace.display_name == ""


def test_staff_without_a_workspace_gets_404(client, db, django_user_model):
    staff = django_user_model.objects.create_user(
        "s", "s@example.com", "pw-pw-pw-123", is_staff=True
    )
    client.force_login(staff)
    assert client.get(reverse("workspace:settings")).status_code == 404


def test_a_huge_canvas_below_pillows_own_bomb_limit_is_refused():
    """6000 × 5000 pixels pack into a few kB of PNG; decoding them would take far more memory."""
    output = io.BytesIO()
    Image.new("1", (6000, 5000)).save(output, "PNG")
    assert len(output.getvalue()) < MAX_LOGO_BYTES
    with pytest.raises(ValidationError) as refused:
        clean_logo(output.getvalue())
    assert refused.value.code == "format"


def test_the_owner_edits_the_workshop_roles(client, owner):
    client.force_login(owner)
    response = _post(client, roles="  Inhaber  \n\nVerkauf\r\nWerkstatt   Team\n")
    assert response.status_code == 302
    workspace = owner.membership.workspace
    workspace.refresh_from_db()
    assert workspace.role_list == ["Inhaber", "Verkauf", "Werkstatt Team"]
    page = client.get(reverse("workspace:settings")).content.decode()
    assert "Inhaber\nVerkauf\nWerkstatt Team" in page


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ("", "Geben Sie mindestens eine Rolle an."),
        ("\n  \n", "Geben Sie mindestens eine Rolle an."),
        ("IT\nVertrieb\nit", "„it“ steht zweimal in der Liste."),
        ("\n".join(f"Rolle {n}" for n in range(13)), "Höchstens 12 Rollen, bitte."),
        ("x" * 101, "ist keine Rolle"),
        ("Vertrieb\x00", "Nullzeichen sind nicht erlaubt."),
    ],
)
def test_bad_roles_are_refused_at_the_field_and_nothing_changes(client, owner, roles, message):
    client.force_login(owner)
    response = _post(client, roles=roles, display_name="Neu")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="Neu"' in response.content.decode()
    workspace = owner.membership.workspace
    workspace.refresh_from_db()
    assert workspace.display_name == ""
    assert workspace.role_list == ["Geschäftsleitung", "Vertrieb", "Marketing", "Service", "IT"]


def test_a_workshop_opened_after_the_change_takes_the_new_leadership(client, owner, small_catalog):
    from tests.factories import make_client, make_workshop

    client.force_login(owner)
    _post(client, roles="Inhaber\nVerkauf")
    owner.membership.workspace.refresh_from_db()
    workshop = make_workshop(make_client(owner), small_catalog)
    assert workshop.leadership_role == "Inhaber"
