"""RemoteMonitor: posts each epoch's logs to an HTTP server."""

import json
import urllib.error
import urllib.parse
import urllib.request
import warnings

import numpy as np

from kbackend.callbacks.callback import Callback


class RemoteMonitor(Callback):
    """Sends ``{"epoch": i, **logs}`` to ``root + path`` with an HTTP POST after each epoch.

    By default the logs are sent as a form with one field, ``field``, holding them as JSON;
    with ``send_as_json=True`` the body is the JSON itself (``application/json``).

    Args:
        root: the server's root URL.
        path: the path appended to ``root``.
        field: the form field holding the JSON (ignored with ``send_as_json``).
        headers: a dict of extra HTTP headers.
        send_as_json: send the body as JSON instead of a form.
        timeout: seconds to wait for the server before warning and going on.

    Example:
    >>> monitor = RemoteMonitor(root="http://localhost:9000", send_as_json=True)
    >>> monitor.path
    '/publish/epoch/end/'
    """

    def __init__(self, root="http://localhost:9000", path="/publish/epoch/end/", field="data",
                 headers=None, send_as_json=False, timeout=10.0):
        super().__init__()
        self.root = root
        self.path = path
        self.field = field
        self.headers = dict(headers or {})
        self.send_as_json = send_as_json
        self.timeout = timeout

    def on_epoch_end(self, epoch, logs=None):
        payload = {"epoch": epoch}
        for key, value in (logs or {}).items():
            payload[key] = _jsonable(value)
        headers = dict(self.headers)
        if self.send_as_json:
            body = json.dumps(payload).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        else:
            body = urllib.parse.urlencode({self.field: json.dumps(payload)}).encode("utf-8")
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        request = urllib.request.Request(self.root + self.path, data=body, headers=headers,
                                         method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                response.read()
        except (urllib.error.URLError, OSError) as error:
            warnings.warn(
                f"RemoteMonitor could not reach the server at {self.root + self.path} "
                f"({error}); the logs of epoch {epoch} were not sent.",
                stacklevel=2,
            )


def _jsonable(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        from kbackend import ops

        array = np.asarray(ops.convert_to_numpy(value))
    return array.item() if array.ndim == 0 else array.tolist()
