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
    path("chat/<id:conversation_id>/", views.conversation, name="conversation"),
    path("chat/<id:conversation_id>/older/", views.older, name="older"),
    path("chat/<id:conversation_id>/since/", views.since, name="since"),
    path("chat/<id:conversation_id>/row/", views.row, name="row"),
    path("chat/<id:conversation_id>/send/", views.send, name="send"),
    path("chat/<id:conversation_id>/read/", views.read, name="read"),
    path("chat/<id:conversation_id>/preview/", views.preview, name="preview"),
    path("chat/<id:conversation_id>/auto-translate/", views.auto_translate, name="auto-translate"),
    path("chat/<id:conversation_id>/leave/", views.leave, name="leave"),
    path(
        "chat/<id:conversation_id>/accept/",
        views.decide_request,
        {"decision": "accept"},
        name="accept",
    ),
    path(
        "chat/<id:conversation_id>/delete/",
        views.decide_request,
        {"decision": "delete"},
        name="delete",
    ),
    path("chat/<id:conversation_id>/block/", views.block_request, name="block-request"),
    path(
        "chat/messages/<id:message_id>/translate/",
        views.translate_message,
        name="message-translate",
    ),
]
