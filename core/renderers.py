"""The form renderer: Django's widget templates rendered by Jinja2, which Django ships them for.

A thread page's reply form took a fifth of the page's time under Django's engine and a third
of that under Jinja2 (docs/benchmarks.md, *HTTP load against the bare ceiling*). A widget
that has only a Django template (the admin's) is rendered by Django's engine, as before.
"""

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class WidgetRenderer(Jinja2):
    fallback = DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)
