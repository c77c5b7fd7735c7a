"""Seed the demo community. Safe to run again: nothing is created twice."""

from django.core.management.base import BaseCommand

from community.services import refresh_aggregates
from demo.chat import seed_demo_chat
from demo.forum import seed_demo_forum, seed_demo_translations
from demo.members import seed_demo_members
from demo.moderation import seed_demo_moderation
from demo.translation import seed_demo_glossary, seed_demo_suggestion
from moderation.content_rules import limits_lifted


class Command(BaseCommand):
    help = "Create the bilingual demo community (members, introductions, threads) if missing."

    def handle(self, *args, **options):
        # The demo's members, new a moment ago, write their whole history at once: the limits
        # for new members and posting rates are for people typing, so they wait outside.
        with limits_lifted():
            members = seed_demo_members()
            threads = seed_demo_forum()
            seed_demo_translations()  # refreshes the hand-written cache; safe every time
            seed_demo_glossary()
            seed_demo_suggestion()
            seed_demo_chat()
            seed_demo_moderation()
        # The community page reads counts the worker keeps; counted here, its first visitor
        # sees the demo's figures rather than zeros until a refresh comes round.
        refresh_aggregates()
        if members or threads:
            self.stdout.write(f"Seeded {members} demo members and {threads} threads.")
        else:
            self.stdout.write("The demo community is already there; nothing to seed.")
