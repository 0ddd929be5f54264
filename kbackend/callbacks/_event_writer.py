"""A TensorBoard event file writer that never imports tensorflow.

NOTE: tensorboard's ``EventFileWriter`` opens files through ``tensorboard.compat.tf``,
which imports tensorflow whenever it is installed — even in a jax or torch process. This
writer uses the same pieces one level down (``RecordWriter`` for the TFRecord framing and
CRCs, the ``event_pb2``/``summary_pb2`` protos) on a plain Python file, so files are
byte-compatible with what TensorBoard reads, and tensorflow stays unimported.
"""

import itertools
import os
import socket
import struct
import time
import zlib

import numpy as np
from tensorboard.compat.proto import event_pb2, summary_pb2, tensor_pb2, tensor_shape_pb2, types_pb2
from tensorboard.summary.writer.record_writer import RecordWriter

_counter = itertools.count()


class EventWriter:
    """Appends Summary events to one new ``events.out.tfevents.*`` file in ``log_dir``."""

    def __init__(self, log_dir):
        os.makedirs(log_dir, exist_ok=True)
        name = (f"events.out.tfevents.{time.time():.0f}.{socket.gethostname()}."
                f"{os.getpid()}.{next(_counter)}.v2")
        self.path = os.path.join(log_dir, name)
        self._file = open(self.path, "wb")  # noqa: SIM115
        self._records = RecordWriter(self._file)
        self._write(event_pb2.Event(wall_time=time.time(), file_version="brain.Event:2"))

    def _write(self, event):
        self._records.write(event.SerializeToString())

    def _summary(self, value, step):
        self._write(event_pb2.Event(wall_time=time.time(), step=int(step),
                                    summary=summary_pb2.Summary(value=[value])))

    def scalar(self, tag, value, step):
        self._summary(summary_pb2.Summary.Value(tag=tag, simple_value=float(value)), step)

    def histogram(self, tag, values, step, buckets=30):
        values = np.asarray(values, dtype=np.float64).ravel()
        if values.size == 0:
            return
        counts, edges = np.histogram(values, bins=buckets)
        histogram = summary_pb2.HistogramProto(
            min=float(values.min()), max=float(values.max()), num=float(values.size),
            sum=float(values.sum()), sum_squares=float(np.square(values).sum()),
            bucket_limit=[float(e) for e in edges[1:]], bucket=[float(c) for c in counts],
        )
        self._summary(summary_pb2.Summary.Value(tag=tag, histo=histogram), step)

    def image(self, tag, array, step):
        """``array``: 2-D (grayscale) or H x W x C (1, 3 or 4 channels) in [0, 1] or uint8."""
        array = np.asarray(array)
        if array.ndim == 2:
            array = array[:, :, None]
        if array.dtype != np.uint8:
            low, high = float(array.min()), float(array.max())
            scale = (high - low) or 1.0
            array = np.round((array - low) / scale * 255).astype(np.uint8)
        height, width, channels = array.shape
        image = summary_pb2.Summary.Image(height=height, width=width, colorspace=channels,
                                          encoded_image_string=_png(array))
        self._summary(summary_pb2.Summary.Value(tag=tag, image=image), step)

    def text(self, tag, text, step, plugin_name="text", content=b""):
        tensor = tensor_pb2.TensorProto(
            dtype=types_pb2.DT_STRING, string_val=[text.encode("utf-8")],
            tensor_shape=tensor_shape_pb2.TensorShapeProto())
        metadata = summary_pb2.SummaryMetadata(
            plugin_data=summary_pb2.SummaryMetadata.PluginData(
                plugin_name=plugin_name, content=content))
        self._summary(summary_pb2.Summary.Value(tag=tag, tensor=tensor, metadata=metadata),
                      step)

    def flush(self):
        self._records.flush()

    def close(self):
        if not self._records.closed:
            self._records.close()


def _png(array):
    """Encodes an H x W x C uint8 array as PNG (no imaging library needed)."""
    height, width, channels = array.shape
    color_type = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    raw = b"".join(b"\x00" + array[row].tobytes() for row in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))
