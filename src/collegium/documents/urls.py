from django.urls import path, re_path

from collegium.documents import views

app_name = "documents"

urlpatterns = [
    re_path(r"^session/(?P<session_id>\d+)/(?P<kind>resolution)\.(?P<fmt>docx|pdf|akn)$", views.session_document,
            name="resolution"),
    re_path(r"^session/(?P<session_id>\d+)/(?P<kind>interim)\.(?P<fmt>docx|pdf|xlsx)$", views.session_document,
            name="interim"),
    re_path(r"^session/(?P<session_id>\d+)/(?P<kind>agenda|pack)\.(?P<fmt>pdf)$", views.session_document,
            name="pack"),
    re_path(r"^session/(?P<session_id>\d+)/(?P<kind>plan)\.(?P<fmt>docx|xlsx|ics)$", views.session_document,
            name="session_plan"),
    re_path(r"^plan/(?P<plan_id>\d+)\.(?P<fmt>docx|xlsx|ics)$", views.plan_document, name="plan"),
    path("discipline.xlsx", views.discipline_document, name="discipline"),
    re_path(r"^templates/(?P<kind>programme|plan)\.(?P<fmt>csv|xlsx)$", views.import_template, name="template"),
    re_path(r"^feed/(?P<token>[A-Za-z0-9_-]{20,100})\.ics$", views.calendar_feed, name="feed"),
    path("feed/new", views.feed_token_new, name="feed_new"),
]
