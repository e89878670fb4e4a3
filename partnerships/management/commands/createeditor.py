"""Create an editor (or promote an existing user): a member of the "Editors" group."""

import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from partnerships.permissions import EDITOR_GROUP


class Command(BaseCommand):
    help = "Create an editor, or make an existing user one. Asks for the password."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from standard input instead of asking.",
        )

    def handle(self, username, email, password_stdin, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        password = None
        if user is None or password_stdin:
            password = self._read_password(password_stdin)
        with transaction.atomic():
            try:
                group = Group.objects.get(name=EDITOR_GROUP)
            except Group.DoesNotExist:
                raise CommandError(f'No "{EDITOR_GROUP}" group: run migrate first.') from None
            created = user is None
            if created:
                user = User(username=username, email=email)
            if password is not None:
                try:
                    validate_password(password, user)
                except ValidationError as error:
                    raise CommandError(" ".join(error.messages)) from None
                user.set_password(password)
            user.save()
            user.groups.add(group)
        verb = "Created" if created else "Promoted"
        self.stdout.write(self.style.SUCCESS(f"{verb} editor {username}."))

    def _read_password(self, from_stdin: bool) -> str:
        if from_stdin:
            password = sys.stdin.readline().rstrip("\n")
            if not password:
                raise CommandError("No password on standard input.")
            return password
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords did not match.")
        return first
