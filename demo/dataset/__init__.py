"""The benchmark dataset generator (`manage.py generate_dataset`): one submodule per concern,
generation.generate() the entry point. Callers use `from demo import dataset`."""

from demo.dataset.bodies import *  # noqa: F403
from demo.dataset.bulk import *  # noqa: F403
from demo.dataset.chat import *  # noqa: F403
from demo.dataset.generation import *  # noqa: F403
from demo.dataset.members import *  # noqa: F403
from demo.dataset.reactions import *  # noqa: F403
from demo.dataset.threads import *  # noqa: F403
from demo.dataset.words import *  # noqa: F403
from demo.dataset.world import *  # noqa: F403
