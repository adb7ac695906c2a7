from django.urls import path

from collegium.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
