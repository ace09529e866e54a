from django.urls import path

from . import workspace_views as views

app_name = "workspace"

urlpatterns = [
    path("", views.settings, name="settings"),
    path("members/", views.members, name="members"),
    path("members/<int:pk>/remove/", views.member_delete, name="member_remove"),
]
