from django.urls import path

from translation import views

app_name = "translation"

urlpatterns = [
    path("staff/translations/", views.dashboard, name="dashboard"),
    path("staff/glossary/", views.glossary, name="glossary"),
    path("staff/glossary/<id:entry_id>/", views.glossary, name="glossary-entry"),
    path("staff/glossary/<id:entry_id>/delete/", views.glossary_delete, name="glossary-delete"),
    path("translations/<id:translation_id>/suggest/", views.suggest, name="suggest"),
    path(
        "translations/<id:translation_id>/<slug:element_id>/", views.translation_state, name="state"
    ),
    path("translations/suggestions/", views.suggestions, name="suggestions"),
    path("translations/suggestions/<id:suggestion_id>/vote/", views.vote, name="vote"),
    path(
        "translations/suggestions/<id:suggestion_id>/accept/",
        views.decide,
        {"decision": "accept"},
        name="accept",
    ),
    path(
        "translations/suggestions/<id:suggestion_id>/decline/",
        views.decide,
        {"decision": "decline"},
        name="decline",
    ),
]
