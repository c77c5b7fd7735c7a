"""Translations: asked for by readers, made once by the worker through DeepL, shared by all.

requests: readers asking, and the shared cache; worker: making them through DeepL; suggestions:
members' better translations; glossary: the community glossary; usage: DeepL's usage figure;
common: what the others share (DeepL's target languages and client, a text's hash)."""

from translation.services.common import *  # noqa: F403
from translation.services.glossary import *  # noqa: F403
from translation.services.requests import *  # noqa: F403
from translation.services.suggestions import *  # noqa: F403
from translation.services.usage import *  # noqa: F403
from translation.services.worker import *  # noqa: F403
