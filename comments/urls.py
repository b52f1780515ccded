from django.urls import path

from .views import PostCommentView

app_name = "comments"
urlpatterns = [
    path("post/<int:page_id>/", PostCommentView.as_view(), name="post"),
]
