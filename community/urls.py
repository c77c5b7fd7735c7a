from django.urls import path

from community import views

app_name = "community"

urlpatterns = [
    path("community/", views.overview, name="overview"),
]

# Pages about a member that also show forum, chat and moderation: their views are here, their
# names stay in accounts' namespace (accounts:profile), which Member.get_absolute_url and the
# apps below community name; halfway/urls.py includes them with accounts' own URLs.
member_urlpatterns = [
    path("members/<str:username>/", views.profile, name="profile"),
]
