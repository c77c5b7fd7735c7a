"""The seeded bilingual demo community that `make run` starts with (`manage.py seed_demo`) and
the benchmark dataset generator (`manage.py generate_dataset`): development data only.

It sits on top of every app and imports them; only the project package imports it."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "Demo"
