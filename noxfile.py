"""Sessions: one test session per engine, lint, the demo (main job) and benchmarks.

Each engine session installs only that engine, which also proves that kbackend runs
without the others (in particular without tensorflow on the jax and torch sessions).
"""

import nox

nox.options.sessions = ["lint", "tests-numpy", "tests-jax", "tests-torch", "tests-tensorflow"]
nox.options.reuse_existing_virtualenvs = True

CONSTRAINTS = ("-c", "constraints/ci.txt")
# NOTE: the jax session also installs optax and flax (extra "jax-interop") so the
# JaxLayer/FlaxLayer and optax-loop tests run; still without tensorflow.
ENGINE_EXTRAS = {"jax": "jax,jax-interop", "torch": "torch", "tensorflow": "tensorflow",
                 "numpy": None}


def _install(session, extras):
    session.install(*CONSTRAINTS, "-e", f".[{','.join(extras)}]")


@nox.session(name="lint")
def lint(session):
    session.install("ruff>=0.5")
    session.run("ruff", "check", "kbackend", "tests", "benchmarks", "examples", "noxfile.py")


def _tests(session, engine):
    extras = ["test"] + ([ENGINE_EXTRAS[engine]] if ENGINE_EXTRAS[engine] else [])
    _install(session, extras)
    session.run(
        "pytest",
        # Two workers, one per core: most of a suite's time is single-threaded engine
        # compilation (XLA on jax), so this nearly halves the wall time. Files stay on one
        # worker so tests that share shapes share compiled kernels.
        "-n", "2", "--dist", "loadfile",
        *(session.posargs or ["tests"]),
        env={"KBACKEND": engine, "OMP_NUM_THREADS": "2"},
        success_codes=[0, 5],
    )


@nox.session(name="demo")
def demo(session):
    """The README's main job: train an MLP on the digits data set on the default engine."""
    _install(session, ["jax", "test"])
    session.run("python", "examples/train_digits.py", *session.posargs)


@nox.session(name="bench", python=False)
def bench(session):
    """Benchmarks in the current environment (every installed engine): fit throughput
    against native loops and Keras 3, predict, build time, dispatch, import, memory.

    ``nox -s bench -- --quick`` is a smoke run; ``-- --write-results`` updates
    benchmarks/RESULTS.md. See ``python benchmarks/harness.py --help``.
    """
    session.run("python", "benchmarks/harness.py", *session.posargs)


@nox.session(name="tests-jax")
def tests_jax(session):
    _tests(session, "jax")


@nox.session(name="tests-torch")
def tests_torch(session):
    _tests(session, "torch")


@nox.session(name="tests-tensorflow")
def tests_tensorflow(session):
    _tests(session, "tensorflow")


@nox.session(name="tests-numpy")
def tests_numpy(session):
    _tests(session, "numpy")
