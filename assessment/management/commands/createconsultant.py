"""Create a consultant account: `createconsultant --email E --name N --workspace W`."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessment.consultants import consultant_create, normalized_email


class Command(BaseCommand):
    help = (
        "Create a consultant account in a workspace (created, with this consultant as its owner, "
        "when it does not exist). The password comes from KK_PASSWORD, else it is asked for."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="the login name")
        parser.add_argument("--name", required=True, help="first and last name")
        parser.add_argument("--workspace", required=True, help="the workspace's name")

    def handle(self, *args: Any, email: str, name: str, workspace: str, **options: Any) -> None:
        User = get_user_model()
        email = normalized_email(email)
        try:
            User._meta.get_field("email").run_validators(email)
        except ValidationError as error:
            raise CommandError(f"Not an email address: {email!r}") from error
        if not name.strip() or not workspace.strip():
            raise CommandError("--name and --workspace must not be empty.")
        if User.objects.filter(username__iexact=email).exists():
            raise CommandError(f"An account for {email} exists already.")
        password = os.environ.get("KK_PASSWORD") or self._ask_password()
        candidate = User(username=email, email=email, first_name=name)
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from error
        membership = consultant_create(
            email=email, name=name, workspace_name=workspace, password=password
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {email} as {membership.get_role_display().lower()} of the workspace "
                f"“{membership.workspace.name}”."
            )
        )

    def _ask_password(self) -> str:
        if not os.isatty(0):
            raise CommandError("Set KK_PASSWORD, or run the command in a terminal to type it.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first
