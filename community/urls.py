from django.urls import path

from community import views

app_name = "community"

urlpatterns = [
    path("community/", views.overview, name="overview"),
]

# Pages for members that also show forum, chat and moderation: their views are here, their
# names stay in accounts' namespace (accounts:profile, accounts:exchange-partners), which
# Member.get_absolute_url, accounts' settings page, forum's @mentions and the site's header
# name; halfway/urls.py includes them with accounts' own URLs.
member_urlpatterns = [
    path("exchange/", views.exchange_partners, name="exchange-partners"),
    path("members/<str:username>/", views.profile, name="profile"),
]
