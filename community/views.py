from django.shortcuts import render

from community import selectors, services


def overview(request):
    """The community in pictures, from the tables of counts as they are; now and then the
    visit also asks the worker to bring them up to date (see community.services)."""
    services.request_refresh()
    return render(request, "community/community.html", {"page": selectors.community_page()})
