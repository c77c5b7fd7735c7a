"""Fill an empty database with a large bilingual community for benchmarks (demo/dataset/)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo import dataset


class Command(BaseCommand):
    help = (
        "Build a realistic bilingual community with bulk inserts, for benchmarks: members, "
        "introductions and welcomes, threads and posts, reactions, follows, notifications, "
        "conversations and messages. Refuses a database that already has threads, posts or "
        "conversations."
    )

    def add_arguments(self, parser):
        defaults = dataset.Sizes()
        parser.add_argument("--members", type=int, default=defaults.members)
        parser.add_argument("--threads", type=int, default=defaults.threads)
        parser.add_argument(
            "--posts", type=int, default=defaults.posts, help="opening posts included"
        )
        parser.add_argument("--messages", type=int, default=defaults.messages)
        parser.add_argument("--seed", type=int, default=2025)

    def handle(self, *args, **options):
        sizes = dataset.Sizes(
            members=options["members"],
            threads=options["threads"],
            posts=options["posts"],
            messages=options["messages"],
        )
        self.stdout.write(
            f"Generating {sizes.members:,} members, {sizes.threads:,} threads, "
            f"{sizes.posts:,} posts and {sizes.messages:,} messages on {connection.vendor} "
            f"(seed {options['seed']})."
        )
        started = time.perf_counter()
        try:
            summary = dataset.generate(sizes, seed=options["seed"], report=self.stdout.write)
        except (dataset.DatabaseNotEmpty, ValueError) as error:
            raise CommandError(str(error)) from error
        total = time.perf_counter() - started
        self.stdout.write("")
        for name, seconds in summary.phases:
            self.stdout.write(f"  {name:<36} {seconds:7.1f} s")
        self.stdout.write(f"  {'total':<36} {total:7.1f} s")
        self.stdout.write("")
        for name, count in summary.counts.items():
            self.stdout.write(f"  {name:<36} {count:>9,}")
        staff = max(1, sizes.members // dataset.STAFF_PER_MEMBERS)
        staff_names = dataset.USERNAME.format(1)
        if staff > 1:
            staff_names += f" to {dataset.USERNAME.format(staff)}"
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Members sign in as {dataset.USERNAME.format('<n>')} (n from 1 to "
                f"{sizes.members:,}, in the order they joined) with the password "
                f"{dataset.PASSWORD!r}; {staff_names} (staff) can moderate."
            )
        )
