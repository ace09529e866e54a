"""Signing in and out, passwords, and accepting an invitation: Django's auth views, our pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import ratelimit
from .consultants import InvitationInvalid, invitation_accept, invitation_for_token
from .ratelimit import RateLimitedAuthenticationForm


class ConsultantLoginForm(RateLimitedAuthenticationForm):
    """The login name is the email address, in any capitalisation."""

    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    # Django's own message speaks of a "user name" whose case matters; ours is an address.
    error_messages = {
        **RateLimitedAuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter the right email address and password. The password is case-sensitive."
        ),
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class FormPage(View):
    """A page with a form: GET, HEAD and POST only (a PUT is not a POST), never cached."""

    http_method_names = ["get", "head", "post"]

    @method_decorator(never_cache)
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Before Django's own dispatch, which redirects (signed in, reset token) first.
        if (request.method or "").lower() not in self.http_method_names:
            return self.http_method_not_allowed(request)
        return super().dispatch(request, *args, **kwargs)


class MessagePage(FormPage):
    http_method_names = ["get", "head"]


class LoginView(FormPage, auth_views.LoginView):
    form_class = ConsultantLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post"]


class PasswordChangeView(FormPage, auth_views.PasswordChangeView):
    template_name = "accounts/form_page.html"
    success_url = reverse_lazy("accounts:password_change_done")
    extra_context = {"title": _("Change your password"), "submit": _("Change password")}


class PasswordChangeDoneView(MessagePage, auth_views.PasswordChangeDoneView):
    template_name = "accounts/message_page.html"
    extra_context = {
        "title": _("Password changed"),
        "message": _("Your new password is in effect."),
    }


class PasswordResetView(FormPage, auth_views.PasswordResetView):
    template_name = "accounts/form_page.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_context = {
        "title": _("Forgot your password?"),
        "intro": _(
            "Enter the email address of your account. We send you a link to choose a new password."
        ),
        "submit": _("Send the link"),
    }

    def form_valid(self, form: Any) -> HttpResponse:
        # Each request may send an email: a few an hour per address, then the 429 page.
        ratelimit.hit_or_refuse(
            ratelimit.password_reset_limit(), ratelimit.client_address(self.request)
        )
        return super().form_valid(form)


class PasswordResetDoneView(MessagePage, auth_views.PasswordResetDoneView):
    template_name = "accounts/message_page.html"
    extra_context = {
        "title": _("Check your email"),
        "message": _(
            "If an account uses this address, a link to choose a new password is on its way. "
            "It works for one day."
        ),
    }


class PasswordResetConfirmView(FormPage, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(MessagePage, auth_views.PasswordResetCompleteView):
    template_name = "accounts/message_page.html"
    extra_context = {
        "title": _("Password set"),
        "message": _("Your new password is in effect. You can sign in with it now."),
        "show_login": True,
    }


class InvitationForm(SetPasswordForm):
    """The invitee's name and password; the email address is the invitation's."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    field_order = ["name", "new_password1", "new_password2"]


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Join a workspace from an invitation link: choose a name and a password."""
    address = ratelimit.client_address(request)
    ratelimit.refuse_if_exhausted(ratelimit.token_miss_limit(), address)
    found = invitation_for_token(token)
    if found is None:
        ratelimit.hit(ratelimit.token_miss_limit(), address)
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = InvitationForm(user=None, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = invitation_accept(
                invitation=found,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["new_password1"],
            )
        except InvitationInvalid:
            return render(request, "accounts/invitation_invalid.html", status=404)
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("clients:list")
    context: dict[str, Any] = {
        "form": form,
        "invitation": found,
        "password_help": password_validators_help_text_html(),
    }
    return render(request, "accounts/invitation.html", context)
