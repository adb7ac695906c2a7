from django.contrib import admin
from django.urls import include, path

from collegium.api import api
from collegium.core import views as core_views

urlpatterns = [
    path("health/", core_views.health, name="health"),
    path("ready/", core_views.ready, name="ready"),
    path("bench/bare/", core_views.bare, name="bench_bare"),
    path("accounts/2fa/", include("collegium.core.security")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("documents/", include("collegium.documents.urls")),
    path("media/", include("collegium.media.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("collegium.notifications.urls")),
    path("", include("collegium.web.urls")),
]
