from django.urls import path

from translation import views

app_name = "translation"

urlpatterns = [
    path("staff/translations/", views.dashboard, name="dashboard"),
    path(
        "translations/<int:translation_id>/<slug:element_id>/",
        views.translation_state,
        name="state",
    ),
]
