"""One form renderer for the whole site: errors look the same on every form."""

from django.forms.renderers import TemplatesSetting


class ProjectFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
