"""``export_model``: writes a model as a TensorFlow SavedModel, from tensorflow or jax.

The tensorflow side (``backends/tensorflow/export.py``) builds the SavedModel; on jax the
model is first converted with jax2tf (``backends/jax/export.py``). Both are reached by
name (no static import of an engine folder), so this module imports on every engine.
"""

import importlib
import importlib.util

from kbackend import backends

_FORMATS = ("tf_saved_model",)


def _engine_module(engine, name):
    return importlib.import_module(f"kbackend.backends.{engine}.{name}")


def export_model(model, filepath, format="tf_saved_model", verbose=True,
                 input_signature=None, **kwargs):
    """Exports a model as a TensorFlow SavedModel with one ``serve`` endpoint.

    Reload it in plain TensorFlow with ``tf.saved_model.load(filepath).serve(x)``, or in
    kbackend with ``kbackend.layers.TFSMLayer(filepath)``. Works on the tensorflow
    engine, and on jax through jax2tf when tensorflow is installed.

    Args:
        model: a built kbackend model.
        filepath: the folder to write.
        format: only ``"tf_saved_model"`` is supported.
        verbose: print a summary of the endpoint.
        input_signature: optional ``[spec]`` where spec is a ``tf.TensorSpec``,
            ``kbackend.InputSpec`` or KerasTensor (or a list/dict of them for several
            inputs); default: the model's inputs.
        **kwargs: unused; accepted for Keras compatibility.

    Returns:
        None.

    Example:
    >>> import kbackend, tempfile, os
    >>> model = kbackend.Sequential([kbackend.Input((3,)), kbackend.layers.Dense(2)])
    >>> export_model(model, os.path.join(tempfile.mkdtemp(), "m"), verbose=False)
    """
    if format not in _FORMATS:
        raise ValueError(
            f"export: unsupported format {format!r}; kbackend supports {list(_FORMATS)} "
            "(ONNX export, format='onnx', is not supported)."
        )
    engine = backends.ENGINE
    if engine == "tensorflow":
        tf_export = _engine_module("tensorflow", "export")
        tf_export.export_saved_model(model, filepath, input_signature, verbose=verbose)
        return
    if engine == "jax":
        if importlib.util.find_spec("tensorflow") is None:
            raise ValueError(
                "export(format='tf_saved_model') on the jax engine converts the model with "
                "jax2tf and needs tensorflow, which is not installed. Install it with "
                "`pip install tensorflow` (or tensorflow-cpu)."
            )
        tf_export = _engine_module("tensorflow", "export")
        signature = tf_export.input_signature_for(model, input_signature)
        values, count, tf_fn = _engine_module("jax", "export").to_tf_function(
            model, signature
        )
        tf_export.write_saved_model(filepath, values, count, tf_fn, signature, verbose)
        return
    raise ValueError(
        f"export(format='tf_saved_model') is not supported on the {engine!r} engine: it "
        "needs KBACKEND=tensorflow (or jax with tensorflow installed). kbackend has no "
        "ONNX export (format='onnx' is not supported); save the model with "
        "model.save('model.keras') and export it from a tensorflow process."
    )
