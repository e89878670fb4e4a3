"""The Django admin for the partnership domain.

Changelists never run a query per row: foreign keys shown in ``list_display``
are in ``list_select_related``, counts are annotated as subqueries and
many-to-many values are prefetched in ``get_queryset``.
"""

from partnerships.admin import agreements, companies, events, sources  # noqa: F401  (registers)
