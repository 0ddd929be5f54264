"""One rank of test_ddp: trains a tiny kbackend model 2 steps under DDP, saves weights.

Usage: python _ddp_worker.py RANK WORLD_SIZE PORT OUTPUT.npz (with KBACKEND=torch).
"""

import sys

import numpy as np
import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

import kbackend as keras


def main(rank, world_size, port, output):
    dist.init_process_group(
        "gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=world_size
    )
    # NOTE: a different seed per rank: DDP must broadcast rank 0's initial weights.
    keras.utils.set_random_seed(rank + 1)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(1)])
    ddp = DistributedDataParallel(model)
    optimizer = torch.optim.SGD(ddp.parameters(), lr=0.1)
    rng = np.random.default_rng(rank)  # different batches per rank
    for _ in range(2):
        x = torch.from_numpy(rng.random((4, 4), dtype=np.float32))
        optimizer.zero_grad()
        loss = (ddp(x) ** 2).mean()
        loss.backward()
        optimizer.step()
    np.savez(output, *model.get_weights())
    dist.destroy_process_group()


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
