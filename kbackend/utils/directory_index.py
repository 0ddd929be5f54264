"""Shared parts of the ``*_dataset_from_directory`` utilities: listing, labels, splits."""

import difflib
import os

import numpy as np

LABEL_MODES = ("int", "categorical", "binary", None)
SUBSETS = ("training", "validation", "both", None)


def check_arguments(function_name, labels, label_mode, class_names, validation_split,
                    subset, shuffle, seed):
    """Raises ValueError for argument combinations Keras also refuses."""
    if not (labels in ("inferred", None) or isinstance(labels, (list, tuple, np.ndarray))):
        raise ValueError(
            f"{function_name}: `labels` must be 'inferred', None, or a list/tuple of integer "
            f"labels (one per file, in sorted file-path order); got {labels!r}."
        )
    if label_mode not in LABEL_MODES:
        close = difflib.get_close_matches(str(label_mode), [str(m) for m in LABEL_MODES], 1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(
            f"{function_name}: unknown label_mode={label_mode!r}; expected one of "
            f"{list(LABEL_MODES)}.{hint}"
        )
    if class_names is not None and labels != "inferred":
        raise ValueError(
            f"{function_name}: `class_names` is only used with labels='inferred'; got "
            f"labels={labels!r}. Drop class_names or use labels='inferred'."
        )
    if subset not in SUBSETS:
        raise ValueError(
            f"{function_name}: `subset` must be one of {list(SUBSETS)}; got {subset!r}."
        )
    if validation_split is not None and not 0 < validation_split < 1:
        raise ValueError(
            f"{function_name}: `validation_split` must be in (0, 1); got {validation_split}."
        )
    if (validation_split is None) != (subset is None):
        raise ValueError(
            f"{function_name}: `validation_split` and `subset` go together; got "
            f"validation_split={validation_split!r} and subset={subset!r}. Pass both, "
            "e.g. validation_split=0.2, subset='training'."
        )
    if validation_split is not None and shuffle and seed is None:
        raise ValueError(
            f"{function_name}: with `validation_split` and shuffle=True you must pass a "
            "`seed`, so that the training and validation subsets do not overlap."
        )


def _walk(directory, formats, follow_links):
    paths = []
    for root, dirs, files in os.walk(directory, followlinks=follow_links):
        dirs.sort()
        for name in sorted(files):
            if formats is None or name.lower().endswith(formats):
                paths.append(os.path.join(root, name))
    return paths


def index_directory(directory, labels, formats, class_names=None, shuffle=True, seed=None,
                    follow_links=False):
    """Lists the files of ``directory`` and their integer labels.

    Args:
        directory: the folder; with labels="inferred", one sub-folder per class.
        labels: "inferred", None, or a list of integer labels in sorted path order.
        formats: tuple of lower-case file extensions to keep (e.g. ``(".txt",)``).
        class_names: explicit class order (sub-folder names) for labels="inferred".
        shuffle: shuffle files and labels together (once, with ``seed``).
        seed: the shuffle's seed.
        follow_links: follow symbolic links to sub-folders.

    Returns:
        ``(file_paths, labels, class_names)``; labels is an int32 array or None.
    """
    directory = os.fspath(directory)
    if not os.path.isdir(directory):
        raise ValueError(f"Directory {directory!r} does not exist or is not a folder.")
    if labels == "inferred":
        subdirs = sorted(d for d in os.listdir(directory)
                         if os.path.isdir(os.path.join(directory, d)))
        if class_names is not None:
            if sorted(class_names) != subdirs:
                raise ValueError(
                    f"class_names={list(class_names)} must name exactly the sub-folders of "
                    f"{directory!r}, which are {subdirs}."
                )
            subdirs = list(class_names)
        paths, label_list = [], []
        for index, subdir in enumerate(subdirs):
            found = _walk(os.path.join(directory, subdir), formats, follow_links)
            paths.extend(found)
            label_list.extend([index] * len(found))
        label_array = np.asarray(label_list, dtype="int32")
        class_names = list(subdirs)
    else:
        paths = _walk(directory, formats, follow_links)
        label_array = None
        if labels is not None:
            label_array = np.asarray(labels, dtype="int32").reshape(-1)
            if len(label_array) != len(paths):
                raise ValueError(
                    f"Expected as many labels as files in {directory!r}: got "
                    f"{len(label_array)} labels for {len(paths)} files. Labels follow the "
                    "sorted order of the file paths."
                )
            class_names = [str(i) for i in range(int(label_array.max(initial=-1)) + 1)]
    if shuffle:
        order = np.random.default_rng(seed).permutation(len(paths))
        paths = [paths[i] for i in order]
        if label_array is not None:
            label_array = label_array[order]
    return paths, label_array, class_names


def split(paths, labels, validation_split, subset):
    """Returns ``(paths, labels)`` of ``subset`` ("training" / "validation")."""
    if validation_split is None:
        return paths, labels
    num_validation = int(validation_split * len(paths))
    cut = len(paths) - num_validation
    part = slice(0, cut) if subset == "training" else slice(cut, None)
    return paths[part], None if labels is None else labels[part]


def encode_labels(labels, label_mode, num_classes):
    """Integer labels as label_mode asks: int32, one-hot float32, or float32 ``(n, 1)``."""
    if label_mode == "int":
        return labels.astype("int32")
    if label_mode == "categorical":
        return np.eye(num_classes, dtype="float32")[labels]
    return labels.astype("float32").reshape(-1, 1)


def check_label_mode_classes(label_mode, num_classes, function_name):
    if label_mode == "binary" and num_classes != 2:
        raise ValueError(
            f"{function_name}: label_mode='binary' needs exactly 2 classes; found "
            f"{num_classes}. Use label_mode='categorical' or 'int' for more classes."
        )


def build_datasets(load_files, paths, labels, class_names, label_mode, batch_size, shuffle,
                   seed, validation_split, subset, verbose):
    """Builds the dataset (or ``[training, validation]`` for subset="both") of files.

    Args:
        load_files: function of a list of paths returning their stacked NumPy batch.
        paths, labels, class_names: from `index_directory` (already shuffled once).
        label_mode, batch_size, shuffle, seed, validation_split, subset, verbose: the
            public function's arguments.

    Returns:
        A dataset, or a list of two for subset="both" (Note [datasets without tensorflow]).
    """
    from kbackend.utils.batch_dataset import BatchDataset, finalize

    num_classes = len(class_names) if class_names else 0
    if verbose:
        if class_names is not None and labels is not None:
            print(f"Found {len(paths)} files belonging to {num_classes} classes.")
        else:
            print(f"Found {len(paths)} files.")

    def make(part, part_shuffle):
        part_paths, part_labels = split(paths, labels, validation_split, part)
        if verbose and validation_split is not None:
            print(f"Using {len(part_paths)} files for {part}.")
        encoded = None
        if label_mode is not None and part_labels is not None:
            encoded = encode_labels(part_labels, label_mode, num_classes)

        def load(indices):
            batch = load_files([part_paths[i] for i in indices])
            return batch if encoded is None else (batch, encoded[indices])

        dataset = BatchDataset(load, len(part_paths), batch_size=batch_size,
                               shuffle=part_shuffle, seed=seed, class_names=class_names,
                               file_paths=list(part_paths))
        return finalize(dataset)

    if subset == "both":
        # NOTE: as in Keras, only the training part is reshuffled each epoch.
        return [make("training", shuffle), make("validation", False)]
    return make(subset, shuffle)
