"""The form renderer: Django's widget templates rendered by Jinja2, which Django ships them for
and which renders them about three times faster (docs/benchmarks.md). A widget that has only a
Django template (the admin's) is rendered by Django's engine."""

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class WidgetRenderer(Jinja2):
    fallback = DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)
