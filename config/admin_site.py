"""The project's admin site: Django's, with every admin's changelist guarded and the
username's length checked at login. Made by ``config.apps.AdminConfig``, once the
models are loaded."""

from django.contrib import admin

from partnerships.forms.accounts import AdminLoginForm


class AdminSite(admin.AdminSite):
    login_form = AdminLoginForm

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every admin registered here, the installed apps' too (axes has three date
        hierarchies), gets ``partnerships.admin.base.GuardedAdmin``: changelist
        parameters Django cannot use send the list back to itself with "?e=1", and
        add pages drop initial ids that are no ids."""
        # Imported here: importing partnerships.admin registers its admins on this
        # site, which must exist by then.
        from partnerships.admin.base import guarded

        super().register(model_or_iterable, guarded(admin_class or admin.ModelAdmin), **options)
