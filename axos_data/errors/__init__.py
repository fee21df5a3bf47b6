"""Every error a user can cause. Messages are Norwegian (bokmål), name the offending value and
say what to do; the CLI and the apps show them as they are.

Defined by area (core: the order module itself; team; finance; analysts) and offered here as
one namespace: `from axos_data.errors import X` and `getattr(errors, name)` (how the API
client turns an error's class name back into the class) find every one.
"""

from axos_data.errors import analysts, core, finance, team
from axos_data.errors.analysts import *  # noqa: F403
from axos_data.errors.core import *  # noqa: F403
from axos_data.errors.finance import *  # noqa: F403
from axos_data.errors.team import *  # noqa: F403

__all__ = [*core.__all__, *team.__all__, *finance.__all__, *analysts.__all__]
