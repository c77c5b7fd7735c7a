from django.urls import path

from moderation.views import actions, audit, queue, reports, watched_words

app_name = "moderation"

urlpatterns = [
    path("report/post/<id:post_id>/", reports.report_post, name="report-post"),
    path("report/message/<id:message_id>/", reports.report_message, name="report-message"),
    path("report/member/<str:username>/", reports.report_member, name="report-member"),
    path("moderation/", queue.review_queue, name="queue"),
    path("moderation/translate/", queue.translate_queue, name="queue-translate"),
    path("moderation/cases/<id:case_id>/dismiss/", actions.dismiss, name="case-dismiss"),
    path("moderation/cases/<id:case_id>/translate/", queue.translate_case, name="case-translate"),
    path(
        "moderation/reports/<id:report_id>/translate/",
        queue.translate_report,
        name="report-translate",
    ),
    path("moderation/posts/<id:post_id>/<slug:action>/", actions.post_action, name="post-action"),
    path(
        "moderation/threads/<id:thread_id>/<slug:action>/",
        actions.thread_action,
        name="thread-action",
    ),
    path(
        "moderation/members/<str:username>/<slug:action>/",
        actions.member_action,
        name="member-action",
    ),
    path("moderation/audit/", audit.audit_log, name="audit-log"),
    path("moderation/watched-words/", watched_words.watched_words, name="watched-words"),
    path(
        "moderation/watched-words/<id:word_id>/delete/",
        watched_words.delete_watched_word,
        name="watched-word-delete",
    ),
]
