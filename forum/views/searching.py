"""Searching the forum."""

from django.shortcuts import render

from core import caching
from forum import selectors


@caching.cache_page(lambda **kwargs: (caching.POSTS, caching.MEMBERS))
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    return render(
        request,
        "forum/search.html",
        {
            "query": query,
            "page": selectors.search_results(request.user, query, request.GET.get("page"))
            if query
            else None,
        },
    )
