"""Logging in, on the site and in the admin: Django's forms, with the username's length
checked before anyone looks it up."""

from __future__ import annotations

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class UsernameLengthChecked:
    """Django's login forms give the username field a ``max_length`` (the user model's,
    150) but no validator for it, only the widget's ``maxlength``. A longer username
    went on to ``authenticate()``, where django-axes failed to record the failed
    attempt in its 255-character column: a 500. Now it is the field's error, and
    nothing is looked up or written."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class LoginForm(UsernameLengthChecked, AuthenticationForm):
    pass


class AdminLoginForm(UsernameLengthChecked, AdminAuthenticationForm):
    pass
