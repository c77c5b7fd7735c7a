"""Where uploaded files live when several hosts share them: a private S3-compatible bucket.

Pages link every file to the site's own `/media/` address, and `halfway.views.media` decides
who may read it before streaming it from here, so a held, hidden or deleted post's photo and a
chat photo are refused the same way on one host (local folder) and on many (bucket).
"""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """django-storages' S3 backend whose files are reached only through the site."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        # A presigned address would let anyone holding it skip the permission check, and
        # would be stale in any page kept in a cache.
        return settings.MEDIA_URL + filepath_to_uri(name)
