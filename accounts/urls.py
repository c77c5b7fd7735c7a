from django.urls import path

from accounts import views

app_name = "accounts"

# halfway/urls.py adds community's member pages (community.urls.member_urlpatterns) to this
# namespace (accounts:profile, accounts:exchange-partners), however many apps those pages show.
urlpatterns = [
    path("settings/", views.settings_profile, name="settings"),
    path("settings/avatar/", views.settings_avatar, name="settings-avatar"),
    path("settings/reading/", views.settings_reading, name="settings-reading"),
    path("settings/exchange/", views.settings_exchange, name="settings-exchange"),
    path("settings/appearance/", views.settings_appearance, name="settings-appearance"),
    path("mentions/", views.mention_suggestions, name="mention-suggestions"),
    path("drafts/", views.save_draft, name="save-draft"),
    path("members/<str:username>/translate/", views.translate_bio, name="profile-translate"),
]
