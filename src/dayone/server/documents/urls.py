from django.urls import path

from dayone.server.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.document_create, name="create"),
    path("lint/", views.lint_partial, name="lint"),
    path("<int:document_id>/", views.document_detail, name="detail"),
    path("<int:document_id>/edit/", views.document_edit, name="edit"),
    path("<int:document_id>/compare/", views.version_compare, name="compare"),
    path("<int:document_id>/pdf/", views.document_pdf, name="pdf"),
    path("<int:document_id>/status/", views.document_status, name="status"),
    path("<int:document_id>/details/", views.document_details, name="details"),
    path(
        "<int:document_id>/conflicts/<int:conflict_id>/",
        views.conflict_detail,
        name="conflict",
    ),
    path(
        "<int:document_id>/conflicts/<int:conflict_id>/discard/",
        views.conflict_discard,
        name="conflict_discard",
    ),
    path("<int:document_id>/reviews/", views.review_schedule, name="review_schedule"),
    path("<int:document_id>/reviews/<int:review_id>/", views.review_read, name="review_read"),
    path("<int:document_id>/reviews/<int:review_id>/done/", views.review_done, name="review_done"),
    path(
        "<int:document_id>/reviews/<int:review_id>/outcome/",
        views.review_outcome,
        name="review_outcome",
    ),
    path("<int:document_id>/comments/", views.comment_add, name="comment_add"),
    path(
        "<int:document_id>/comments/<int:comment_id>/resolve/",
        views.comment_resolve,
        name="comment_resolve",
    ),
    path(
        "<int:document_id>/comments/<int:comment_id>/carry/",
        views.comment_carry,
        name="comment_carry",
    ),
]
