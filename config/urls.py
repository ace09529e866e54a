from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, register_converter
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language

from assessment import clients_urls
from assessment.converters import TokenConverter
from assessment.ratelimit import RateLimitedAdminAuthenticationForm
from reports import client_urls

# Registered once here: both the assessment and the reports URLs take a private-link token.
register_converter(TokenConverter, "token")
# The admin's sign-in locks out after a few failures, like every login form of the app.
admin.site.login_form = RateLimitedAdminAuthenticationForm

urlpatterns: list[URLPattern | URLResolver] = [
    # Django's language switch, limited to the methods it uses (it redirects on any other).
    path(
        "i18n/setlang/",
        require_http_methods(["GET", "HEAD", "POST"])(set_language),
        name="set_language",
    ),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("assessment.accounts_urls")),
    # One namespace from two apps: the list and a client's page show scores (reports), the
    # writes are the assessment app's (docs/architecture.md, "Clients").
    path(
        "clients/",
        include((client_urls.urlpatterns + clients_urls.urlpatterns, clients_urls.app_name)),
    ),
    path("workspace/", include("assessment.workspace_urls")),
    path("workshops/", include("assessment.workshop_urls")),
    path("", include("assessment.action_urls")),
    path("kpi/", include("reports.kpi_urls")),
    # Workshop participants on their phones: join/… and w/<token>/…
    path("", include("assessment.participant_urls")),
    path("", include("assessment.urls")),
    path("", include("reports.urls")),
)
