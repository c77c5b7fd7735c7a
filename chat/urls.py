from django.urls import path

from chat import views

app_name = "chat"

urlpatterns = [
    path("chat/", views.inbox, name="inbox"),
    path("chat/requests/", views.requests, name="requests"),
    path("chat/privacy/", views.privacy, name="privacy"),
    path("chat/new-group/", views.new_group, name="new-group"),
    path("chat/with/<str:username>/", views.start, name="start"),
    path("chat/block/<str:username>/", views.block, name="block"),
    path("chat/<int:conversation_id>/", views.conversation, name="conversation"),
    path("chat/<int:conversation_id>/older/", views.older, name="older"),
    path("chat/<int:conversation_id>/since/", views.since, name="since"),
    path("chat/<int:conversation_id>/row/", views.row, name="row"),
    path("chat/<int:conversation_id>/send/", views.send, name="send"),
    path("chat/<int:conversation_id>/read/", views.read, name="read"),
    path("chat/<int:conversation_id>/preview/", views.preview, name="preview"),
    path("chat/<int:conversation_id>/auto-translate/", views.auto_translate, name="auto-translate"),
    path("chat/<int:conversation_id>/leave/", views.leave, name="leave"),
    path(
        "chat/<int:conversation_id>/accept/",
        views.decide_request,
        {"decision": "accept"},
        name="accept",
    ),
    path(
        "chat/<int:conversation_id>/delete/",
        views.decide_request,
        {"decision": "delete"},
        name="delete",
    ),
    path(
        "chat/<int:conversation_id>/block/",
        views.decide_request,
        {"decision": "block"},
        name="block-request",
    ),
    path(
        "chat/messages/<int:message_id>/translate/",
        views.translate_message,
        name="message-translate",
    ),
]
