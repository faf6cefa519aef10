"""samverkan: a shared-services cost-allocation simulator for Swedish municipalities.

The public facade is :mod:`simulator.api` (``load``, ``evaluate``, ``Results``). The stages, in
pipeline order, each in its own folder: core → queueing → game → allocation → keys → services →
scenario → engine → report → cli. A stage imports only stages before it; the test command checks it.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
