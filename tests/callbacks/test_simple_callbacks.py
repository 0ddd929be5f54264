import csv
import http.server
import json
import threading
import urllib.parse

import numpy as np
import pytest

import kbackend
from kbackend import callbacks
from kbackend.callbacks import (
    CSVLogger,
    LambdaCallback,
    RemoteMonitor,
    SwapEMAWeights,
    TerminateOnNaN,
)
from tests.callbacks._helpers import FakeModel, tiny_data, tiny_model


def test_public_module_names():
    for name in callbacks.__all__:
        assert getattr(callbacks, name).__module__ == "kbackend.callbacks"


def test_lambda_callback_hooks_and_unknown_name():
    seen = []
    callback = LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(("epoch", epoch)),
                              on_test_end=lambda logs: seen.append(("test", logs)))
    callback.on_epoch_end(3, {})
    callback.on_test_end({"loss": 1})
    assert seen == [("epoch", 3), ("test", {"loss": 1})]
    with pytest.raises(TypeError, match="on_epoch_end"):
        LambdaCallback(on_epoch_ends=print)


def test_terminate_on_nan_hook():
    model = FakeModel()
    callback = TerminateOnNaN()
    callback.set_model(model)
    callback.on_train_batch_end(0, {"loss": np.float32(1.0)})
    assert not model.stop_training
    callback.on_train_batch_end(1, {"loss": np.float32(np.inf)})
    assert model.stop_training


@pytest.mark.requires_trainable_backend
def test_terminate_on_nan_in_fit():
    model = tiny_model()
    x, y = tiny_data()
    x[0, 0] = np.nan
    batches = []
    model.fit(x, y, epochs=3, batch_size=4, verbose=0, shuffle=False,
              callbacks=[TerminateOnNaN(),
                         LambdaCallback(on_train_batch_end=lambda b, logs: batches.append(b))])
    assert batches == [0]


def test_csv_logger_rows_and_append(tmp_path):
    path = tmp_path / "log.csv"
    for append in (False, True):
        logger = CSVLogger(str(path), separator=";", append=append)
        logger.set_model(FakeModel())
        logger.on_train_begin()
        logger.on_epoch_end(0, {"loss": 0.5, "acc": np.array([1.0, 2.0])})
        logger.on_epoch_end(1, {"loss": 0.25})
        logger.on_train_end()
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file, delimiter=";"))
    assert rows == [["epoch", "acc", "loss"], ["0", "[1.0, 2.0]", "0.5"], ["1", "NA", "0.25"],
                    ["0", "[1.0, 2.0]", "0.5"], ["1", "NA", "0.25"]]


@pytest.mark.requires_trainable_backend
def test_csv_logger_in_fit(tmp_path):
    model = tiny_model()
    x, y = tiny_data()
    path = tmp_path / "log.csv"
    history = model.fit(x, y, epochs=2, batch_size=8, verbose=0, validation_data=(x, y),
                        callbacks=[CSVLogger(str(path))])
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    np.testing.assert_allclose([float(r["val_loss"]) for r in rows],
                               history.history["val_loss"], rtol=1e-6)


class _Recorder(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):  # noqa: N802
        length = int(self.headers["Content-Length"])
        type(self).received.append((self.headers["Content-Type"], self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("send_as_json", [False, True])
def test_remote_monitor_posts(send_as_json):
    _Recorder.received = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    server.timeout = 5
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    try:
        monitor = RemoteMonitor(root=f"http://127.0.0.1:{server.server_port}", path="/p",
                                send_as_json=send_as_json, headers={"X-Test": "1"}, timeout=5)
        monitor.on_epoch_end(2, {"loss": np.float32(0.5)})
        thread.join(5)
    finally:
        server.server_close()
    content_type, body = _Recorder.received[0]
    if send_as_json:
        assert content_type == "application/json"
        payload = json.loads(body)
    else:
        payload = json.loads(urllib.parse.parse_qs(body.decode())["data"][0])
    assert payload == {"epoch": 2, "loss": 0.5}


def test_remote_monitor_warns_when_unreachable():
    monitor = RemoteMonitor(root="http://127.0.0.1:1", timeout=1)
    with pytest.warns(UserWarning, match="could not reach"):
        monitor.on_epoch_end(0, {"loss": 1.0})


def test_swap_ema_requires_use_ema():
    callback = SwapEMAWeights()
    callback.set_model(FakeModel())
    with pytest.raises(ValueError, match="use_ema=True"):
        callback.on_train_begin()


@pytest.mark.requires_trainable_backend
def test_swap_ema_weights_around_evaluate():
    model = tiny_model(kbackend.optimizers.SGD(learning_rate=0.05, use_ema=True,
                                               ema_momentum=0.5))
    x, y = tiny_data()
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    raw = [v.numpy().copy() for v in model.trainable_variables]
    averages = [v.numpy().copy() for v in model.optimizer._model_variables_moving_average]
    seen = []
    probe = LambdaCallback(on_test_begin=lambda logs: seen.extend(
        v.numpy().copy() for v in model.trainable_variables))
    model.evaluate(x, y, verbose=0, callbacks=[SwapEMAWeights(), probe])
    for a, b in zip(seen, averages):
        np.testing.assert_allclose(a, b)
    for a, b in zip(raw, [v.numpy() for v in model.trainable_variables]):
        np.testing.assert_allclose(a, b)
