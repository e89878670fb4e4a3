from django.urls import path

from partnerships.views import (
    agreements,
    companies,
    events,
    history,
    partnerships,
    sources,
    timeline,
)

app_name = "partnerships"

urlpatterns = [
    path("", timeline.timeline, name="timeline"),
    path("timeline/cluster/", timeline.timeline_cluster, name="cluster"),
    # Editors' record forms; "add/" before the "<slug>/" pages, which would take it for a slug.
    path("companies/add/", companies.company_add, name="company_add"),
    path("companies/<slug:slug>/edit/", companies.company_edit, name="company_edit"),
    path("partnerships/add/", partnerships.partnership_add, name="partnership_add"),
    path(
        "partnerships/<slug:slug>/edit/",
        partnerships.partnership_edit,
        name="partnership_edit",
    ),
    path("agreements/add/", agreements.agreement_add, name="agreement_add"),
    path("agreements/<slug:slug>/edit/", agreements.agreement_edit, name="agreement_edit"),
    # Editing events; "add/" and "agreement-options/" before "events/<slug>/" too.
    path("events/add/", events.event_add, name="event_add"),
    path(
        "events/agreement-options/",
        events.event_agreement_options,
        name="event_agreement_options",
    ),
    path("events/<slug:slug>/edit/", events.event_edit, name="event_edit"),
    path("events/<slug:slug>/card/", events.event_card, name="event_card"),
    path("events/<slug:slug>/delete/", events.event_delete, name="event_delete"),
    path("sources/search/", sources.source_search, name="source_search"),
    # Before "events/<slug>/", which would otherwise take "deleted" for a slug.
    path("events/deleted/", history.deleted_events, name="deleted_events"),
    path("events/<slug:slug>/", events.event_detail, name="event"),
    path("agreements/<slug:slug>/", agreements.agreement_detail, name="agreement"),
    path("companies/<slug:slug>/", companies.company_detail, name="company"),
    path("partnerships/<slug:slug>/", partnerships.partnership_detail, name="partnership"),
    path("events/<slug:slug>/history/", history.event_history, name="event_history"),
    path(
        "events/<slug:slug>/history/<int:history_id>/revert/",
        history.event_revert,
        name="event_revert",
    ),
    path(
        "events/deleted/<int:event_id>/restore/",
        history.event_restore,
        name="event_restore",
    ),
    path(
        "agreements/<slug:slug>/history/",
        history.agreement_history,
        name="agreement_history",
    ),
    path(
        "agreements/<slug:slug>/history/<int:history_id>/revert/",
        history.agreement_revert,
        name="agreement_revert",
    ),
]
