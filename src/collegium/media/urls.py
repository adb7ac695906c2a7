from django.urls import path

from collegium.media import views

app_name = "media"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("links/<int:pk>/confirm/", views.link_confirm, name="link_confirm"),
    path("links/<int:pk>/reject/", views.link_reject, name="link_reject"),
    path("digest/", views.digest, name="digest"),
    path("sources/", views.sources, name="sources"),
    path("sources/<int:pk>/poll/", views.source_poll, name="source_poll"),
    path("sources/jobs/<int:job_id>/", views.source_job, name="source_job"),
]
