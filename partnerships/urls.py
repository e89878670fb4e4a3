from django.urls import path

from . import editing_events, editing_records, history_views, views

app_name = "partnerships"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("timeline/cluster/", views.timeline_cluster, name="cluster"),
    # Editors' record forms; "add/" before the "<slug>/" pages, which would take it for a slug.
    path("companies/add/", editing_records.company_add, name="company_add"),
    path("companies/<slug:slug>/edit/", editing_records.company_edit, name="company_edit"),
    path("partnerships/add/", editing_records.partnership_add, name="partnership_add"),
    path(
        "partnerships/<slug:slug>/edit/",
        editing_records.partnership_edit,
        name="partnership_edit",
    ),
    path("agreements/add/", editing_records.agreement_add, name="agreement_add"),
    path("agreements/<slug:slug>/edit/", editing_records.agreement_edit, name="agreement_edit"),
    # Editing events; "add/" and "agreement-options/" before "events/<slug>/" too.
    path("events/add/", editing_events.event_add, name="event_add"),
    path(
        "events/agreement-options/",
        editing_events.event_agreement_options,
        name="event_agreement_options",
    ),
    path("events/<slug:slug>/edit/", editing_events.event_edit, name="event_edit"),
    path("events/<slug:slug>/card/", editing_events.event_card, name="event_card"),
    path("events/<slug:slug>/delete/", editing_events.event_delete, name="event_delete"),
    path("sources/search/", editing_events.source_search, name="source_search"),
    # Before "events/<slug>/", which would otherwise take "deleted" for a slug.
    path("events/deleted/", history_views.deleted_events, name="deleted_events"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("agreements/<slug:slug>/", views.agreement_detail, name="agreement"),
    path("companies/<slug:slug>/", views.company_detail, name="company"),
    path("partnerships/<slug:slug>/", views.partnership_detail, name="partnership"),
    path("events/<slug:slug>/history/", history_views.event_history, name="event_history"),
    path(
        "events/<slug:slug>/history/<int:history_id>/revert/",
        history_views.event_revert,
        name="event_revert",
    ),
    path(
        "events/deleted/<int:event_id>/restore/",
        history_views.event_restore,
        name="event_restore",
    ),
    path(
        "agreements/<slug:slug>/history/",
        history_views.agreement_history,
        name="agreement_history",
    ),
    path(
        "agreements/<slug:slug>/history/<int:history_id>/revert/",
        history_views.agreement_revert,
        name="agreement_revert",
    ),
]
