from django.contrib import admin
from django.urls import include, path

from forum import views as forum_views
from halfway import views

urlpatterns = [
    path("", forum_views.feed, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("language/", views.switch_language, name="switch-language"),
    path("media/<path:path>", views.media, name="media"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("forum.urls")),
    path("", include("translation.urls")),
    path("", include("chat.urls")),
    path("", include("moderation.urls")),
    path("", include("community.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "halfway.views.bad_request"
handler403 = "halfway.views.permission_denied"
handler404 = "halfway.views.page_not_found"
handler500 = "halfway.views.server_error"
