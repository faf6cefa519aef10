"""samverkan: a shared-services cost-allocation simulator for Swedish municipalities."""

__all__ = ["__version__"]

__version__ = "0.1.0"
