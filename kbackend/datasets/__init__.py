"""Small public datasets (``kbackend.datasets``), loaded as Keras 3 loads them.

Each module has ``load_data(...)`` returning NumPy arrays of the same shapes and dtypes as
``keras.datasets``. Files come from the same URLs as in Keras, are cached under
``<kbackend home>/datasets`` (``$KBACKEND_HOME`` or ``~/.kbackend``) and are checked against
the hashes in `kbackend.datasets.dataset_files.DATASET_FILES` before use.

Example:
>>> from kbackend.datasets import mnist
>>> callable(mnist.load_data)
True
"""

from kbackend.datasets import (  # noqa: F401
    boston_housing,
    california_housing,
    cifar10,
    cifar100,
    fashion_mnist,
    imdb,
    mnist,
    reuters,
)
