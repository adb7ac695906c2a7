from django.urls import path

from collegium.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/<int:notification_id>/read", views.notification_read, name="read"),
    path("jobs/<int:job_id>/", views.job_progress, name="job"),
    path("jobs/<int:job_id>/file", views.job_download, name="job_file"),
]
