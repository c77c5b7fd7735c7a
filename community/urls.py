from django.urls import path

from community import views

app_name = "community"

urlpatterns = [
    path("community/", views.overview, name="overview"),
]
