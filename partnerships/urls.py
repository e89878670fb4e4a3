from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("timeline/cluster/", views.timeline_cluster, name="cluster"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("agreements/<slug:slug>/", views.agreement_detail, name="agreement"),
    path("companies/<slug:slug>/", views.company_detail, name="company"),
    path("partnerships/<slug:slug>/", views.partnership_detail, name="partnership"),
]
