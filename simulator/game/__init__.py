"""Cost games: c(S) for every coalition, their properties, and game files.

May import: simulator.core only (a game knows nothing of scenarios, services or allocation methods).
"""

from simulator.game.costgame import CostGame, GameError, coalition_sums
from simulator.game.properties import is_subadditive, subadditivity_violation

__all__ = ["CostGame", "GameError", "coalition_sums", "subadditivity_violation", "is_subadditive"]
