import io

import factory
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import Interest, Member
from forum import services
from forum.models import Category

PASSWORD = "correct horse battery staple"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda member: f"{member.username}@example.com")
    display_name = factory.Faker("first_name")
    preferred_language = Member.Language.ENGLISH

    @factory.post_generation
    def password(member, create, extracted, **kwargs):
        member.set_password(extracted or PASSWORD)
        if create:
            member.save(update_fields=["password"])

    @factory.post_generation
    def verified_email(member, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(
                user=member, email=member.email, verified=True, primary=True
            )


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"interest-{n}")
    name_en = factory.LazyAttribute(lambda interest: interest.slug.title())
    name_zh = factory.Sequence(lambda n: f"兴趣{n}")
    is_suggested = True


def category(slug="daily-life"):
    return Category.objects.get(slug=slug)


def thread_by(author, *, title="A thread about cats", body="My cat sleeps all day.", **kwargs):
    """A thread started through the service, as a member would."""
    return services.start_thread(
        author=author,
        category=kwargs.pop("category", None) or category(),
        title=title,
        body=body,
        region_code=kwargs.pop("region_code", "US"),
        **kwargs,
    )


def reply_by(author, thread, body="Same here!", **kwargs):
    return services.add_reply(
        author=author,
        thread=thread,
        body=body,
        region_code=kwargs.pop("region_code", "CN"),
        **kwargs,
    )


def introduction_by(member):
    """An introduction from Texas, with every answer filled in."""
    return services.post_introduction(
        member=member,
        title="Hi from Texas, cat person!",
        who_i_am="Nurse, knitter, and Biscuit's human.",
        where_from="Austin, Texas",
        hope_to_learn="How families celebrate Spring Festival.",
        languages_spoken=["en"],
        languages_learning=["zh"],
        interests=[],
        region_code="US",
    )


def rename(member, display_name):
    """Change a member's display name through the profile service, as settings does."""
    from accounts import services as account_services

    return account_services.update_profile(
        member=member,
        display_name=display_name,
        bio=member.bio,
        languages_spoken=member.languages_spoken or ["en"],
        languages_learning=[],
        interests=list(member.interests.all()),
    )


def cat_photo(name="cat.jpg"):
    """A JPEG photo carrying a GPS position in its EXIF, as phones write them."""
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (30.0, 16.0, 0.0), 3: "W", 4: (97.0, 44.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (240, 160, 80)).save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
