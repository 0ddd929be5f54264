import re

import numpy as np
import pytest

from kbackend.utils import progbar as progbar_module
from kbackend.utils.progbar import (
    Progbar,
    disable_interactive_logging,
    enable_interactive_logging,
)


@pytest.fixture
def not_a_terminal(monkeypatch):
    monkeypatch.setattr(progbar_module, "_is_terminal", lambda: False)


def test_averages_non_stateful_values(not_a_terminal, capsys):
    bar = Progbar(4, verbose=1)
    bar.update(2, [("loss", 1.0)])
    bar.update(4, [("loss", 0.5)])
    out = capsys.readouterr().out
    # Reference: steps-weighted mean (2 * 1.0 + 2 * 0.5) / 4.
    assert re.fullmatch(r"4/4 ━{20} \d+s \d+(us|ms|s)/step - loss: 0\.7500\n", out)


def test_stateful_values_and_small_numbers(not_a_terminal, capsys):
    bar = Progbar(3, verbose=1, stateful_metrics=["acc"])
    bar.update(3, [("acc", np.float32(0.9)), ("lr", 1e-5)])
    out = capsys.readouterr().out
    assert out.endswith(" - acc: 0.9000 - lr: 1.0000e-05\n")


def test_verbose_2_is_compact_and_0_is_silent(not_a_terminal, capsys):
    bar = Progbar(2, verbose=2)
    bar.update(1, [("loss", 2.0)])
    assert capsys.readouterr().out == ""
    bar.update(2, [("loss", 2.0)])
    assert re.fullmatch(r"2/2 - \d+s - \d+(us|ms|s)/step - loss: 2\.0000\n",
                        capsys.readouterr().out)
    Progbar(2, verbose=0).update(2, [("loss", 1.0)])
    assert capsys.readouterr().out == ""


def test_disable_interactive_logging(not_a_terminal, capsys):
    disable_interactive_logging()
    try:
        Progbar(1).update(1, [("loss", 1.0)])
    finally:
        enable_interactive_logging()
    assert capsys.readouterr().out == ""


def test_terminal_redraws_in_place(monkeypatch, capsys):
    monkeypatch.setattr(progbar_module, "_is_terminal", lambda: True)
    bar = Progbar(2, interval=0)
    bar.update(1, [("loss", 1.0)])
    bar.update(2, [("loss", 1.0)])
    out = capsys.readouterr().out
    assert out.startswith("\r1/2 ━━━━━━━━━━") and out.count("\r") == 2 and out.endswith("\n")


@pytest.mark.requires_trainable_backend
def test_fit_prints_one_line_per_epoch(not_a_terminal, capsys):
    import kbackend

    model = kbackend.Sequential([kbackend.layers.Input((4,)), kbackend.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.ones((8, 4), "float32"), np.ones((8, 1), "float32")
    history = model.fit(x, y, epochs=2, batch_size=4, validation_data=(x, y), verbose=1)
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if line.startswith("Epoch")] == ["Epoch 1/2", "Epoch 2/2"]
    bars = [line for line in lines if line.startswith("2/2 ━")]
    assert len(bars) == 2
    val_loss = history.history["val_loss"][-1]
    # Keras's rule: 4 decimals, or scientific notation at or below 1e-3.
    shown = f"{val_loss:.4f}" if abs(val_loss) > 1e-3 else f"{val_loss:.4e}"
    assert f"val_loss: {shown}" in bars[-1]
    model.fit(x, y, epochs=1, batch_size=4, verbose=2)
    assert re.match(r"2/2 - \d+s - ", capsys.readouterr().out)
