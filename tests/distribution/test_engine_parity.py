"""Every engine's distribution.py defines the same hooks with the same signatures."""

import ast
import pathlib

import kbackend

ENGINES = ("jax", "torch", "tensorflow", "numpy")
HOOKS = ("list_devices", "initialize", "check_distribution", "native_scope",
         "native_distribution", "distribute_tensor", "make_function", "reduce_gradients")
CONSTANTS = ("SUPPORTS_MODEL_PARALLEL", "SIMULATED_DEVICES")


def _definitions(engine):
    path = pathlib.Path(kbackend.__file__).parent / "backends" / engine / "distribution.py"
    module = ast.parse(path.read_text(encoding="utf-8"))
    functions = {node.name: ast.unparse(node.args) for node in module.body
                 if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")}
    constants = {target.id for node in module.body if isinstance(node, ast.Assign)
                 for target in node.targets if isinstance(target, ast.Name)}
    return functions, constants


def test_every_engine_defines_the_same_hooks():
    reference, _ = _definitions("jax")
    assert set(HOOKS) <= set(reference)
    for engine in ENGINES:
        functions, constants = _definitions(engine)
        assert {h: functions.get(h) for h in HOOKS} == {h: reference[h] for h in HOOKS}, engine
        assert set(CONSTANTS) <= constants, engine
