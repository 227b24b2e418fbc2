"""surt, without the import of tldextract it does for two methods SURT keys never call.

surt.handyurl imports tldextract at module level (and with it requests, urllib3 and filelock:
~80 ms of every crawl's start-up) only for ``getPublicSuffix``/``getPublicPrefix``. A stand-in
module takes its place while surt is imported and loads the real one at the first attribute
asked of it; importlib's LazyLoader does not serve here, since the import statement itself reads
the module's attributes.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any


def deferred_module(name: str) -> ModuleType:
    """A stand-in for module ``name`` (not imported yet) that imports it when an attribute is
    first asked of it, and answers from it from then on."""
    stand_in = ModuleType(name, f"{name}, imported when first used")

    def load(attribute: str) -> Any:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        return getattr(importlib.import_module(name), attribute)

    stand_in.__getattr__ = load  # type: ignore[method-assign]
    return stand_in


if "surt" not in sys.modules and "tldextract" not in sys.modules:
    _stand_in = sys.modules["tldextract"] = deferred_module("tldextract")
    try:
        import surt
    finally:
        if sys.modules.get("tldextract") is _stand_in:
            del sys.modules["tldextract"]  # later importers get the real module
else:
    import surt

__all__ = ["deferred_module", "surt"]
