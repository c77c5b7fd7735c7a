"""The benchmark dataset generator (`manage.py generate_dataset`), one submodule per concern:
generation (the entry point, `generate`), members, bodies, threads (forum content, introductions
and welcomes), reactions (with follows and notifications), chat; beneath them words (the pools),
world (what every phase shares) and bulk (bulk writing). Callers use `from demo import dataset`."""

from demo.dataset.bodies import *  # noqa: F403
from demo.dataset.bulk import *  # noqa: F403
from demo.dataset.chat import *  # noqa: F403
from demo.dataset.generation import *  # noqa: F403
from demo.dataset.members import *  # noqa: F403
from demo.dataset.reactions import *  # noqa: F403
from demo.dataset.threads import *  # noqa: F403
from demo.dataset.words import *  # noqa: F403
from demo.dataset.world import *  # noqa: F403
