"""Share links: read-only access to one completed result, created and revoked by consultants.

The views of the shared result live in reports; the one door to a link is
`access.share_link_for_request` (expired, revoked or not completed: 404).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from .models import Assessment, ShareLink

MIN_DAYS = 1
MAX_DAYS = 365


class ShareLinkRefused(ValueError):
    """The link cannot be created (the assessment is not completed, the expiry is out of range)."""


def share_link_status(link: ShareLink, *, now: datetime | None = None) -> str:
    """ "active", "expired" or "revoked"."""
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at <= (now or timezone.now()):
        return "expired"
    return "active"


@transaction.atomic
def share_link_create(
    *,
    assessment: Assessment,
    created_by: User | None,
    include_comments: bool = True,
    days: int = ShareLink.DEFAULT_DAYS,
    now: datetime | None = None,
) -> ShareLink:
    """A new share link to a completed assessment, valid for `days` days (1–365)."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not locked.is_completed:
        raise ShareLinkRefused("Only a completed result can be shared.")
    if isinstance(days, bool) or not MIN_DAYS <= days <= MAX_DAYS:
        raise ShareLinkRefused(f"A share link lasts from {MIN_DAYS} to {MAX_DAYS} days.")
    link = ShareLink(
        assessment=assessment,
        include_comments=include_comments,
        created_by=created_by,
        expires_at=(now or timezone.now()) + timedelta(days=days),
    )
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def share_link_revoke(*, link: ShareLink, now: datetime | None = None) -> ShareLink:
    """Revoke a link for good; revoking a revoked link changes nothing."""
    locked = ShareLink.objects.select_for_update().get(pk=link.pk)
    if locked.revoked_at is None:
        locked.revoked_at = now or timezone.now()
        locked.save(update_fields=["revoked_at"])
    link.revoked_at = locked.revoked_at
    return link
