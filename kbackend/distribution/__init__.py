"""kbackend.distribution: spread training over devices and processes (Keras 3 API).

See Note [distribution] in ``distributions.py``.

Example:
>>> import kbackend
>>> dist = kbackend.distribution.DataParallel(devices=kbackend.distribution.list_devices()[:1])
>>> with dist.scope():
...     model = kbackend.Sequential([kbackend.layers.Input((4,)), kbackend.layers.Dense(1)])
"""

from kbackend.distribution.device_mesh import (  # noqa: F401
    DeviceMesh,
    TensorLayout,
    get_device_count,
    initialize,
    list_devices,
)
from kbackend.distribution.distributions import (  # noqa: F401
    DataParallel,
    Distribution,
    ModelParallel,
    distribute_tensor,
    distribution,
    set_distribution,
)
from kbackend.distribution.layout_map import LayoutMap  # noqa: F401
