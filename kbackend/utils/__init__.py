"""Utilities (``kbackend.utils``)."""

from kbackend.backends.common.keras_tensor import is_keras_tensor  # noqa: F401
from kbackend.utils.model_visualization import model_to_dot, plot_model  # noqa: F401
from kbackend.utils.progbar import (  # noqa: F401
    Progbar,
    disable_interactive_logging,
    enable_interactive_logging,
    is_interactive_logging_enabled,
)
from kbackend.utils.random_seed import set_random_seed  # noqa: F401
from kbackend.utils.source_inputs import get_source_inputs  # noqa: F401

# isort: split
from kbackend.backend.session import clear_session  # noqa: F401
from kbackend.backends.common.dtypes import standardize_dtype  # noqa: F401
from kbackend.trainers.data_adapters.data_adapter_utils import (  # noqa: F401
    pack_x_y_sample_weight,
    unpack_x_y_sample_weight,
)
from kbackend.utils.batch_dataset import BatchDataset  # noqa: F401
from kbackend.utils.config import Config  # noqa: F401
from kbackend.utils.dataset_utils import split_dataset  # noqa: F401
from kbackend.utils.feature_space import FeatureSpace  # noqa: F401
from kbackend.utils.file_utils import get_file  # noqa: F401
from kbackend.utils.image_dataset_utils import image_dataset_from_directory  # noqa: F401
from kbackend.utils.numerical_utils import normalize, to_categorical  # noqa: F401
from kbackend.utils.py_dataset import PyDataset, Sequence  # noqa: F401
from kbackend.utils.sequence_utils import pad_sequences  # noqa: F401
from kbackend.utils.text_dataset_utils import text_dataset_from_directory  # noqa: F401
from kbackend.utils.timeseries_dataset_utils import (  # noqa: F401
    timeseries_dataset_from_array,
)
