from django.urls import path

from helix.security import limit_request_body

from .views import MAX_REQUEST_BYTES, PostCommentView

app_name = "comments"
urlpatterns = [
    path(
        "post/<int:page_id>/",
        limit_request_body(MAX_REQUEST_BYTES)(PostCommentView.as_view()),
        name="post",
    ),
]
