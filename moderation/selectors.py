"""Reads for moderators: the review queue and the audit log, in a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Member
from chat.models import Message
from forum import permissions as forum_permissions
from forum.models import Post
from moderation import permissions
from moderation.models import Action, AuditEntry, Case, Reason, Report
from translation import selectors as translation_selectors
from translation.services import already_in, target_for

CASES_PER_PAGE = 20
AUDIT_ENTRIES_PER_PAGE = 50
QUEUE_LANGUAGES = ("en", "zh")


def _cases_for(moderator) -> QuerySet[Case]:
    """Open cases this moderator may decide: all for site-wide moderators, their categories'
    posts for category moderators."""
    cases = Case.objects.filter(status=Case.Status.OPEN)
    if not forum_permissions.is_site_moderator(moderator):
        cases = cases.filter(
            kind=Case.Kind.POST, category_id__in=forum_permissions.moderated_category_ids(moderator)
        )
    return cases


@dataclass
class QueuePage:
    page: Page
    cases: list[Case]
    # How many open cases there are per content language ("en", "zh", "" for unknown).
    language_counts: dict[str, int] = field(default_factory=dict)


def review_queue(moderator, *, language: str | None = None, page_number=1) -> QueuePage:
    """Open reports grouped by target, most urgent first, with what a decision needs: the
    content, every reporter's reason and note, the author's join date, post count and past
    moderation, and translations into the moderator's language (already made ones)."""
    cases = _cases_for(moderator)
    language_counts = dict(
        cases.values_list("language").annotate(total=Count("pk")).values_list("language", "total")
    )
    if language in QUEUE_LANGUAGES:
        # "zh" covers zh-hans and anything Chinese the detector names.
        cases = cases.filter(language__startswith=language)
    cases = cases.select_related(
        "member", "post__thread__category", "post__author", "message__author", "category"
    ).prefetch_related(
        Prefetch("reports", queryset=Report.objects.select_related("reporter")),
    )
    page = Paginator(cases.order_by("-urgency", "opened_at", "pk"), CASES_PER_PAGE).get_page(
        page_number
    )
    found = list(page.object_list)
    _add_author_facts(found)
    _add_shared_messages(found)
    _add_translations(found, moderator)
    return QueuePage(page=page, cases=found, language_counts=language_counts)


def _add_author_facts(cases: list[Case]) -> None:
    """Post counts and past moderation of the members concerned (two queries)."""
    member_ids = {case.member_id for case in cases}
    post_counts = dict(
        Post.objects.filter(author_id__in=member_ids, deleted_at__isnull=True)
        .values_list("author_id")
        .annotate(total=Count("pk"))
        .values_list("author_id", "total")
    )
    history: dict[int, Counter] = {member_id: Counter() for member_id in member_ids}
    # Dismissals, approvals, showing again and watched-word changes are no mark against anyone.
    past = (
        AuditEntry.objects.filter(member_id__in=member_ids)
        .exclude(action__in=[Action.DISMISS, Action.APPROVE, Action.WATCHED_WORD, Action.UNHIDE])
        .values_list("member_id", "action")
        .annotate(total=Count("pk"))
    )
    for member_id, action, total in past:
        history[member_id][action] += total
    for case in cases:
        case.author_post_count = post_counts.get(case.member_id, 0)
        case.author_history = [
            (Action(action).label, total)
            for action, total in sorted(history[case.member_id].items())
        ]
        case.reasons = [
            (Reason(reason).label, total)
            for reason, total in Counter(r.reason for r in case.reports.all()).most_common()
        ]


def _add_shared_messages(cases: list[Case]) -> None:
    """For chat cases, the messages reporters chose to share (one query for the page)."""
    report_ids = [
        r.pk for case in cases if case.kind == Case.Kind.MESSAGE for r in case.reports.all()
    ]
    shared: dict[int, set[int]] = {}
    messages: dict[int, Message] = {}
    if report_ids:
        through = Report.shared_messages.through.objects.filter(report_id__in=report_ids)
        for link in through.select_related("message__author"):
            shared.setdefault(link.report_id, set()).add(link.message_id)
            messages[link.message_id] = link.message
    for case in cases:
        ids = set().union(*(shared.get(report.pk, set()) for report in case.reports.all()))
        case.shared_messages = [messages[pk] for pk in sorted(ids)]


@dataclass(frozen=True)
class Translatable:
    """One text on the queue page, the element that shows its translation, and where its
    "Try again" asks for that translation alone."""

    element_id: str
    source_html: str
    source_language: str
    translate_url: str


def queue_texts(case: Case) -> list[Translatable]:
    """The reported content and every reporter's note of one case."""
    texts = []
    content = case.post or case.message
    element_id = f"case-{case.pk}-content"
    content_url = reverse("moderation:case-translate", args=[case.pk])
    if content is not None and getattr(content, "deleted_at", None) is None:
        texts.append(Translatable(element_id, content.body_html, content.language, content_url))
    elif case.kind == Case.Kind.MEMBER and case.member.bio_html:
        texts.append(
            Translatable(element_id, case.member.bio_html, case.member.bio_language, content_url)
        )
    for report in case.reports.all():
        if report.note_html:
            texts.append(
                Translatable(
                    report.translation_element_id,
                    report.note_html,
                    report.note_language,
                    reverse("moderation:report-translate", args=[report.pk]),
                )
            )
    return texts


def case_text_for(moderator, case_id: int) -> Translatable:
    """The reported content of a case this moderator may see (404 if none: gone, or not
    theirs)."""
    case = get_case_for(moderator, case_id)
    return _text_with(queue_texts(case), f"case-{case.pk}-content")


def report_note_for(moderator, report_id: int) -> Translatable:
    """A reporter's note on a case this moderator may see (404 if none)."""
    report = get_object_or_404(Report.objects.only("pk", "case_id"), pk=report_id)
    case = get_case_for(moderator, report.case_id)
    return _text_with(queue_texts(case), report.translation_element_id)


def _text_with(texts: list[Translatable], element_id: str) -> Translatable:
    found = next((text for text in texts if text.element_id == element_id), None)
    if found is None:
        raise Http404
    return found


def _add_translations(cases: list[Case], moderator) -> None:
    """Translations already made into the moderator's language (one query). Each text gets a
    state: "done", "same_language" (nothing to translate) or "wanted" (the page asks for it
    once loaded)."""
    target = target_for(moderator)
    texts = {case.pk: queue_texts(case) for case in cases}
    done = translation_selectors.stored_translations(
        moderator, {t.element_id: t.source_html for ts in texts.values() for t in ts}, done=True
    )
    for case in cases:
        case.wanted_texts = []
        case.content_element_id = f"case-{case.pk}-content"
        case.slot_selector = f"#case-{case.pk}-moderate"
        holders = {case.content_element_id: case}
        holders.update({report.translation_element_id: report for report in case.reports.all()})
        for text in texts[case.pk]:
            translation = done.get(text.element_id)
            if translation is not None:
                state = "done"
            elif already_in(text.source_language, target):
                state = "same_language"
            else:
                state = "wanted"
                case.wanted_texts.append(text)
            holder = holders[text.element_id]
            holder.translation = translation
            holder.translation_state = state
        case.untranslated = len(case.wanted_texts)


def wanted_texts(cases: list[Case]) -> list[Translatable]:
    """The texts of these cases (from `review_queue`) still waiting for a translation."""
    return [text for case in cases for text in case.wanted_texts]


def get_case_for(moderator, case_id: int) -> Case:
    case = (
        Case.objects.select_related("member", "post__thread", "post__author", "message")
        .filter(pk=case_id)
        .first()
    )
    if case is None or not permissions.can_see_case(moderator, case):
        raise Http404
    return case


HELD_POSTS_SHOWN = 20


def held_posts(moderator) -> list[Post]:
    """Posts waiting for approval (a new member's link, a held watched word) that this
    moderator may approve, oldest first (one query)."""
    held = Post.objects.filter(held_at__isnull=False, deleted_at__isnull=True)
    if not forum_permissions.is_site_moderator(moderator):
        held = held.filter(
            thread__category_id__in=forum_permissions.moderated_category_ids(moderator)
        )
    return list(
        held.select_related("thread__category", "author").order_by("held_at", "pk")[
            :HELD_POSTS_SHOWN
        ]
    )


def audit_log(
    *,
    reader=None,
    moderator_username: str = "",
    action: str = "",
    member_username: str = "",
    page_number=1,
) -> Page:
    """Moderator actions, newest first, filterable by who acted, what they did and to whom."""
    entries = AuditEntry.objects.select_related(
        "moderator", "member", "post__thread", "thread", "case"
    )
    if reader is not None and not forum_permissions.is_site_moderator(reader):
        # A category moderator reads what was done in their categories.
        mine = forum_permissions.moderated_category_ids(reader)
        entries = entries.filter(
            Q(thread__category_id__in=mine) | Q(post__thread__category_id__in=mine)
        )
    if moderator_username:
        entries = entries.filter(moderator__username__iexact=moderator_username)
    if member_username:
        entries = entries.filter(member__username__iexact=member_username)
    if action in Action.values:
        entries = entries.filter(action=action)
    page = Paginator(entries.order_by("-created_at", "-pk"), AUDIT_ENTRIES_PER_PAGE).get_page(
        page_number
    )
    page.object_list = list(page.object_list)
    for entry in page.object_list:
        until = entry.details.get("until")
        entry.until = datetime.fromisoformat(until) if until else None
    return page


def moderators() -> list[Member]:
    """Everyone who has acted, for the audit log's filter."""
    return list(
        Member.objects.filter(moderation_actions__isnull=False).distinct().order_by("username")
    )


def restriction_reason(member) -> str:
    """Why the member is suspended or banned: the reason of the latest such action."""
    return (
        AuditEntry.objects.filter(member=member, action__in=[Action.SUSPEND, Action.BAN])
        .order_by("-created_at", "-pk")
        .values_list("reason", flat=True)
        .first()
        or ""
    )


def standing_note(member) -> str:
    """For moderators on a profile: the member's current restriction, if any."""
    now = timezone.now()
    if member.banned_at:
        return _("Banned.")
    restrictions = (
        (member.suspended_until, _("Suspended until %(date)s.")),
        (member.silenced_until, _("Read-only until %(date)s.")),
    )
    for until, note in restrictions:
        if until and until > now:
            return note % {"date": date_format(timezone.localtime(until), "DATETIME_FORMAT")}
    return ""
