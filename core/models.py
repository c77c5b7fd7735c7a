"""Model pieces shared by the apps."""

from django.db import models


def photo_path(instance, filename: str) -> str:
    """Kept for old migrations: core.images.save_images names every file now."""
    return f"{instance.photo_folder}/{filename}"


def thumbnail_path(instance, filename: str) -> str:
    """Kept for old migrations: core.images.save_images names every file now."""
    return f"{instance.photo_folder}/thumbs/{filename}"


class Photo(models.Model):
    """A member's photo, re-encoded, with its thumbnail (see core.images). Sizes are stored
    so pages never open the files to lay them out. Subclasses add the owner and a folder.

    Files are named by the SHA-256 of their bytes (core.images.content_name); the names are
    indexed because every request for a photo finds its rows by name before serving it."""

    photo_folder = ""

    position = models.PositiveSmallIntegerField(default=0)
    image = models.ImageField(upload_to=photo_path, db_index=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    thumbnail = models.ImageField(upload_to=thumbnail_path, db_index=True)
    thumbnail_width = models.PositiveIntegerField()
    thumbnail_height = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def __str__(self):
        return self.image.name
