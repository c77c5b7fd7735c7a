from django.urls import path

from forum import atom, views

app_name = "forum"

urlpatterns = [
    path("following/", views.feed, {"feed": "following"}, name="following"),
    path("feed/settings/", views.feed_settings, name="feed-settings"),
    path("feed/chips/remove/", views.feed_chip_remove, name="feed-chip-remove"),
    path("feed/defaults/", views.feed_defaults, name="feed-defaults"),
    path("feed/read/", views.mark_all_read, name="mark-all-read"),
    path("atom/", atom.LatestThreadsFeed(), name="atom-latest"),
    path("atom/c/<slug:slug>/", atom.CategoryFeed(), name="atom-category"),
    path("atom/t/<id:thread_id>/", atom.ThreadFeed(), name="atom-thread"),
    path("c/<slug:slug>/", views.category, name="category"),
    path("t/new/", views.new_thread, name="thread-new"),
    path("t/<id:thread_id>/", views.thread, name="thread"),
    path("t/<id:thread_id>/reply/", views.reply, name="thread-reply"),
    path("t/<id:thread_id>/replies/", views.new_replies, name="thread-new-replies"),
    path("t/<id:thread_id>/follow/", views.follow_thread, name="thread-follow"),
    path("t/<id:thread_id>/translate/", views.translate_title, name="thread-translate"),
    path(
        "t/<id:thread_id>/translate-page/",
        views.translate_thread_page,
        name="thread-translate-page",
    ),
    path("p/<id:post_id>/", views.post, name="post"),
    path("p/<id:post_id>/edit/", views.edit_post, name="post-edit"),
    path("p/<id:post_id>/delete/", views.delete_post, name="post-delete"),
    path("p/<id:post_id>/history/", views.post_history, name="post-history"),
    path("p/<id:post_id>/react/", views.react, name="post-react"),
    path("p/<id:post_id>/translate/", views.translate_post, name="post-translate"),
    path("p/<id:post_id>/reactions/", views.who_reacted, name="post-reactions"),
    path("p/<id:post_id>/bookmark/", views.bookmark_post, name="post-bookmark"),
    path("t/<id:thread_id>/bookmark/", views.bookmark_thread, name="thread-bookmark"),
    path("bookmarks/", views.bookmarks, name="bookmarks"),
    path("members/<str:username>/follow/", views.follow_member, name="member-follow"),
    path("introductions/", views.introductions, name="introductions"),
    path("introductions/mine/", views.my_introduction, name="introduction-mine"),
    path(
        "introductions/<id:introduction_id>/welcome/",
        views.welcome_newcomer,
        name="introduction-welcome",
    ),
    path("search/", views.search, name="search"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.mark_notifications_read, name="notifications-read"),
    path("notifications/settings/", views.notification_settings, name="notification-settings"),
    path("email/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("notifications/push/", views.push_subscription, name="push-subscription"),
]
