"""The Dockerfile and .dockerignore, read the way ``docker build`` reads them (enough of it for
the deploy tests: instructions, stages, JSON/shell forms, build arguments, ignore patterns)."""

from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"


@dataclass(frozen=True)
class Instruction:
    keyword: str  # upper case: FROM, RUN, COPY, …
    value: str  # the rest of the instruction, continuation lines joined
    line: int

    def json_form(self) -> list[str] | None:
        """The exec (JSON array) form, or None for the shell form."""
        text = self.value.strip()
        if not text.startswith("["):
            return None
        parsed = json.loads(text)
        assert isinstance(parsed, list) and all(isinstance(x, str) for x in parsed), self
        return parsed


@dataclass
class Stage:
    base: str
    name: str
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def last(self, keyword: str) -> Instruction | None:
        found = self.all(keyword)
        return found[-1] if found else None


def instructions(text: str) -> list[Instruction]:
    found: list[Instruction] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue  # comment lines inside a continued instruction are dropped by the parser
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending.append(stripped[:-1])
            continue
        pending.append(stripped)
        joined = " ".join(p.strip() for p in pending if p.strip())
        keyword, _, value = joined.partition(" ")
        found.append(Instruction(keyword.upper(), value.strip(), start))
        pending = []
    assert not pending, "the Dockerfile ends inside a continued line"
    return found


def stages(path: Path = DOCKERFILE) -> list[Stage]:
    found: list[Stage] = []
    for ins in instructions(path.read_text(encoding="utf-8")):
        if ins.keyword == "FROM":
            words = ins.value.split()
            words = [w for w in words if not w.startswith("--")]  # --platform=…
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else str(len(found))
            found.append(Stage(words[0], name))
        else:
            assert found, f"line {ins.line}: {ins.keyword} before any FROM"
            found[-1].instructions.append(ins)
    return found


def env_assignments(stage: Stage) -> dict[str, str]:
    """``ENV NAME=value …`` of a stage (values as written, variables unexpanded)."""
    env = {}
    for ins in stage.all("ENV"):
        for match in re.finditer(r'([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)', ins.value):
            env[match.group(1)] = match.group(2).strip('"')
    return env


def copied_sources(stage: Stage) -> list[str]:
    """Build-context paths the stage COPYs (``--from`` copies come from other stages)."""
    sources: list[str] = []
    for ins in stage.all("COPY"):
        words = ins.value.split()
        if any(w.startswith("--from") for w in words):
            continue
        words = [w for w in words if not w.startswith("--")]
        sources.extend(w.rstrip("/") for w in words[:-1])
    return sources


def ignore_patterns(path: Path = DOCKERIGNORE) -> list[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def ignored(relpath: str, patterns: list[str]) -> bool:
    """Whether .dockerignore keeps ``relpath`` out of the build context (last match wins;
    a pattern matching a folder excludes what is inside it)."""
    parts = relpath.strip("/").split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    result = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        body = pattern[1:] if negate else pattern
        body = body.strip("/")
        candidates = [body, body.removeprefix("**/")] if body.startswith("**/") else [body]
        for candidate in candidates:
            if any(fnmatch.fnmatchcase(p, candidate) for p in prefixes) or (
                    candidate != body and any(fnmatch.fnmatchcase(part, candidate) for part in parts)):
                result = not negate
                break
    return result
