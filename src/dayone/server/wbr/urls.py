from django.urls import path

from dayone.server.wbr import views

app_name = "wbr"

urlpatterns = [
    path("", views.index, name="index"),
    path("deck/", views.deck, name="deck"),
    path("deck/body/", views.deck_body, name="deck_body"),
    path("deck/pdf/", views.deck_pdf, name="deck_pdf"),
    path("deck/summary/", views.deck_summary, name="deck_summary"),
    path("sections/new/", views.section_create, name="section_create"),
    path("metrics/new/", views.metric_create, name="metric_create"),
    path("metrics/<slug:key>/", views.metric_detail, name="metric"),
    path("metrics/<slug:key>/edit/", views.metric_edit, name="metric_edit"),
    path("metrics/<slug:key>/panel/", views.metric_panel, name="metric_panel"),
    path("metrics/<slug:key>/why/<str:week>/", views.commentary_edit, name="why"),
    path("sources/new/", views.source_create, name="source_create"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("sources/<slug:slug>/upload/", views.source_upload, name="source_upload"),
    path("sources/<slug:slug>/query/", views.source_query, name="source_query"),
]
