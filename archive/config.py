"""The three environment variables of DESIGN.md, each with its working default."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Config:
    sites: str
    archive: str
    home: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        env = os.environ if env is None else env
        return cls(
            sites=env.get("DIFANG_SITES") or "./sites",
            archive=env.get("DIFANG_ARCHIVE") or "./var/archive",
            home=env.get("DIFANG_HOME") or "./var",
        )

    def home_path(self, *parts: str) -> Path:
        path = Path(self.home).joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path
