"""BackupAndRestore: resumes a fit that was interrupted, from its last backup."""

import json
import os

import numpy as np

from kbackend.callbacks.callback import Callback

_METADATA = "training_metadata.json"
_WEIGHTS = "latest.weights.h5"
# NOTE: used while the model has no save_weights/load_weights (or for objects that lack
# them): the values of model.weights and optimizer.variables, in order, in one .npz.
_FALLBACK_WEIGHTS = "latest.variables.npz"


class BackupAndRestore(Callback):
    """Backs up the training state so that a new ``fit`` resumes where the old one stopped.

    At the end of each epoch (or every ``save_freq`` batches) the model's weights, the
    optimizer's state and the epoch reached are written to ``backup_dir``. A later
    ``fit`` given a BackupAndRestore on the same folder restores them in
    ``on_train_begin`` and starts at the first epoch not finished: it sets
    ``model._initial_epoch``, which ``fit`` reads after ``on_train_begin``. When ``fit``
    ends normally, the backup is deleted (unless ``delete_checkpoint=False``).

    Args:
        backup_dir: folder for the backup files (created if needed). Use one folder per
            training job.
        save_freq: "epoch", an int (back up after every this many batches), or False
            (never back up; only restore).
        delete_checkpoint: delete the backup when training finishes.

    Example:
    >>> import kbackend, numpy as np, tempfile
    >>> model = kbackend.Sequential([kbackend.layers.Input((4,)), kbackend.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> backup = BackupAndRestore(tempfile.mkdtemp())
    >>> _ = model.fit(np.ones((8, 4)), np.ones((8, 1)), epochs=2, callbacks=[backup],
    ...               verbose=0)
    """

    def __init__(self, backup_dir, save_freq="epoch", delete_checkpoint=True):
        super().__init__()
        if not backup_dir:
            raise ValueError(
                f"BackupAndRestore needs a backup_dir (a folder path); received "
                f"backup_dir={backup_dir!r}."
            )
        if save_freq not in ("epoch", False) and not (
            isinstance(save_freq, int) and not isinstance(save_freq, bool) and save_freq > 0
        ):
            raise ValueError(
                f"BackupAndRestore received save_freq={save_freq!r}; expected 'epoch', a "
                "positive int (back up every that many batches) or False."
            )
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = save_freq
        self.delete_checkpoint = delete_checkpoint
        self._metadata_path = os.path.join(self.backup_dir, _METADATA)
        self._current_epoch = 0
        self._batches_seen = 0

    # --- hooks -----------------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        if not os.path.exists(self._metadata_path):
            return
        with open(self._metadata_path, encoding="utf-8") as file:
            metadata = json.load(file)
        self._restore_variables(metadata)
        # A backup taken at an epoch's end resumes at the next epoch; one taken mid-epoch
        # reruns that epoch from its start.
        epoch = int(metadata["epoch"])
        self.model._initial_epoch = epoch + 1 if metadata.get("batch") is None else epoch
        self._current_epoch = self.model._initial_epoch

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if isinstance(self.save_freq, int) and self.save_freq is not False:
            self._batches_seen += 1
            if self._batches_seen >= self.save_freq:
                self._batches_seen = 0
                self._backup(self._current_epoch, batch)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._backup(epoch, None)

    def on_train_end(self, logs=None):
        if self.delete_checkpoint:
            for name in (_METADATA, _WEIGHTS, _FALLBACK_WEIGHTS):
                path = os.path.join(self.backup_dir, name)
                if os.path.exists(path):
                    os.remove(path)
        if getattr(self.model, "_initial_epoch", None) is not None:
            # The resume point applies to one fit only.
            self.model._initial_epoch = None

    # --- storage ---------------------------------------------------------------------------
    def _backup(self, epoch, batch):
        os.makedirs(self.backup_dir, exist_ok=True)
        if _has_weight_files(self.model):
            self.model.save_weights(os.path.join(self.backup_dir, _WEIGHTS), overwrite=True)
            storage = "weights.h5"
        else:
            values = [np.asarray(v.numpy()) for v in _variables(self.model)]
            temporary = os.path.join(self.backup_dir, "_partial.variables.npz")
            np.savez(temporary, *values)
            os.replace(temporary, os.path.join(self.backup_dir, _FALLBACK_WEIGHTS))
            storage = "variables.npz"
        # The metadata is written last (atomically), so it never points at a half-written
        # backup.
        temporary = self._metadata_path + ".tmp"
        with open(temporary, "w", encoding="utf-8") as file:
            json.dump({"epoch": epoch, "batch": batch, "storage": storage}, file)
        os.replace(temporary, self._metadata_path)

    def _restore_variables(self, metadata):
        if metadata.get("storage") == "weights.h5":
            self.model.load_weights(os.path.join(self.backup_dir, _WEIGHTS))
            return
        with np.load(os.path.join(self.backup_dir, _FALLBACK_WEIGHTS)) as stored:
            values = [stored[f"arr_{i}"] for i in range(len(stored.files))]
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None and not getattr(optimizer, "built", True):
            optimizer.build(self.model.trainable_variables)
        variables = _variables(self.model)
        if len(values) != len(variables):
            raise ValueError(
                f"The backup in {self.backup_dir!r} holds {len(values)} variables but the model "
                f"and optimizer have {len(variables)}. It was written by a different model: "
                "use another backup_dir, or delete this one."
            )
        for variable, value in zip(variables, values):
            variable.assign(value)


def _has_weight_files(model):
    return callable(getattr(model, "save_weights", None)) and callable(
        getattr(model, "load_weights", None))


def _variables(model):
    variables = list(model.weights)
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and getattr(optimizer, "built", False):
        variables += list(optimizer.variables)
    return variables
