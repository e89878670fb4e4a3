from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from partnerships.forms.accounts import LoginForm

# Plain pages that never read the request body nor touch the database (config/errors.py).
handler400 = "config.errors.bad_request"
handler500 = "config.errors.server_error"

admin.site.site_header = "Partnership Timeline admin"
admin.site.site_title = "Partnership Timeline"

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("partnerships.urls")),
]
