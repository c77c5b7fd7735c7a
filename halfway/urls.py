from django.contrib import admin
from django.urls import include, path

from accounts import urls as account_urls
from accounts import views as account_views
from community import urls as community_urls
from core import views as core_views
from forum import views as forum_views
from halfway import views

urlpatterns = [
    path("", forum_views.feed, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("language/", account_views.switch_language, name="switch-language"),
    path("live/events/", core_views.realtime_events, name="realtime-events"),
    path("media/<path:path>", views.media, name="media"),
    # Before allauth's own, which it replaces.
    path("accounts/password/reset/", account_views.password_reset, name="account_reset_password"),
    path("accounts/", include("allauth.urls")),
    # accounts' URLs, and the member pages community composes under accounts' names.
    path(
        "",
        include(
            (
                account_urls.urlpatterns + community_urls.member_urlpatterns,
                account_urls.app_name,
            )
        ),
    ),
    path("", include("forum.urls")),
    path("", include("translation.urls")),
    path("", include("chat.urls")),
    path("", include("moderation.urls")),
    path("", include("community.urls")),
    path("admin/", admin.site.urls),
]

# 404: Django's own handler renders templates/404.html with the request, as these do.
handler400 = "halfway.views.bad_request"
handler403 = "halfway.views.permission_denied"
handler500 = "halfway.views.server_error"
