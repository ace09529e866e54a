"""The workspace's own pages: branding and members. Owners change them; members look."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from .access import member_for_owner, membership_for_request, owner_membership_for_request
from .branding import logo_data_uri
from .consultants import (
    LastOwner,
    branding_update,
    invitation_send,
    member_remove,
    workshop_roles_update,
)
from .models import Invitation
from .workspace_forms import BrandingForm, InvitationForm


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@never_cache
def settings(request: HttpRequest) -> HttpResponse:
    membership = membership_for_request(request)
    workspace = membership.workspace
    form = BrandingForm.for_workspace(workspace)
    if request.method == "POST":
        membership = owner_membership_for_request(request)
        form = BrandingForm.for_workspace(workspace, data=request.POST, files=request.FILES)
        if form.is_valid():
            branding_update(
                workspace=workspace,
                display_name=form.cleaned_data["display_name"],
                accent_color=form.cleaned_data["accent_color"],
                contact_line=form.cleaned_data["contact_line"],
                logo=form.cleaned_data["logo"],
                remove_logo=form.cleaned_data["remove_logo"],
            )
            workshop_roles_update(workspace=workspace, roles=form.cleaned_data["roles"])
            messages.success(request, _("The settings are saved."))
            return redirect("workspace:settings")
    context = {
        "membership": membership,
        "workspace": workspace,
        "form": form,
        "logo": logo_data_uri(workspace.logo, workspace.logo_content_type),
    }
    return render(request, "workspace/settings.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@never_cache
def members(request: HttpRequest) -> HttpResponse:
    membership = membership_for_request(request)
    workspace = membership.workspace
    form = InvitationForm()
    if request.method == "POST":
        membership = owner_membership_for_request(request)
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                invitation_send(
                    workspace=workspace,
                    email=form.cleaned_data["email"],
                    invited_by=request.user,  # type: ignore[arg-type]
                    accept_url=lambda token: request.build_absolute_uri(
                        reverse("accounts:invitation", kwargs={"token": token})
                    ),
                )
            except ValueError:
                form.add_error("email", _("This address has an account already."))
            else:
                messages.success(
                    request,
                    _("The invitation is on its way to %(email)s.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("workspace:members")
    context = {
        "membership": membership,
        "workspace": workspace,
        "form": form,
        "members": workspace.memberships.select_related("user").order_by(
            "user__first_name", "user__last_name", "user__username"
        ),
        "invitations": Invitation.objects.filter(
            workspace=workspace, accepted_at__isnull=True
        ).order_by("-created_at"),
    }
    return render(request, "workspace/members.html", context)


@require_POST
@login_required
@never_cache
def member_delete(request: HttpRequest, pk: int) -> HttpResponse:
    target = member_for_owner(request, pk)
    try:
        member_remove(membership=target)
    except LastOwner:
        messages.error(request, _("A workspace needs an owner: this is the last one."))
    else:
        messages.success(
            request,
            _("%(name)s is no longer a member.")
            % {"name": target.user.get_full_name() or target.user.get_username()},
        )
    if target.user_id == request.user.pk:
        return redirect("assessment:home")
    return redirect("workspace:members")
