"""Translations: asked for by readers, made once by the worker through DeepL, shared by all.

One module per part (requests, worker, suggestions, glossary, usage, and common: what they
share); callers import this package."""

from translation.services.common import *  # noqa: F403
from translation.services.glossary import *  # noqa: F403
from translation.services.requests import *  # noqa: F403
from translation.services.suggestions import *  # noqa: F403
from translation.services.usage import *  # noqa: F403
from translation.services.worker import *  # noqa: F403
