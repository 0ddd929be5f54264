"""Imports only go down: no engine imports outside ``kbackend/backends/<engine>/``."""

import ast
import pathlib

import kbackend

ENGINES = {"jax", "jaxlib", "torch", "tensorflow", "flax", "optax"}
ROOT = pathlib.Path(kbackend.__file__).parent


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_engine_imports_stay_in_their_engine_folder():
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        parts = relative.parts
        for name in _imports(path):
            top = name.split(".")[0]
            if top == "keras":
                offenders.append(f"{relative}: imports keras")
            if top in ENGINES:
                engine = "jax" if top in ("jax", "jaxlib", "flax", "optax") else top
                if parts[:2] != ("backends", engine):
                    offenders.append(f"{relative}: imports {name}")
            if name.startswith("kbackend.backends."):
                engine = name.split(".")[2]
                if engine in ("jax", "torch", "tensorflow", "numpy") and parts[:2] != (
                    "backends",
                    engine,
                ):
                    offenders.append(f"{relative}: imports {name}")
    assert not offenders, "\n".join(offenders)
