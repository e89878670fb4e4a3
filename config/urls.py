from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Partnership Timeline admin"
admin.site.site_title = "Partnership Timeline"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("partnerships.urls")),
]
