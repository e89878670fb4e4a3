from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Agreement, Company, Event, Partnership


@require_GET
def timeline(request):
    events = Event.objects.select_related("partnership", "agreement").order_by("date", "id")
    return render(request, "partnerships/timeline.html", {"events": events})


@require_GET
def event_detail(request, slug):
    return render(request, "partnerships/event.html", {"event": get_object_or_404(Event, slug=slug)})


@require_GET
def agreement_detail(request, slug):
    agreement = get_object_or_404(Agreement, slug=slug)
    return render(request, "partnerships/agreement.html", {"agreement": agreement})


@require_GET
def company_detail(request, slug):
    company = get_object_or_404(Company, slug=slug)
    return render(request, "partnerships/company.html", {"company": company})


@require_GET
def partnership_detail(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    return render(request, "partnerships/partnership.html", {"partnership": partnership})
