"""Native torch training loops for the benchmark models (see benchmarks/models.py).

Same architecture, Glorot-uniform kernels and zero biases, Adam(1e-3, epsilon=1e-7), sparse
cross-entropy from logits, batches sliced from the same NumPy arrays. Eager torch, one
optimizer step per batch, the loss read back once per epoch (as fit's logs would be).
"""

import time

import numpy as np
import torch
from torch import nn

SUPPORTED = ("mlp", "cnn", "lstm", "transformer")


def _glorot(module):
    for sub in module.modules():
        if isinstance(sub, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(sub.weight)
            nn.init.zeros_(sub.bias)


class _Transformer(nn.Module):
    def __init__(self, vocabulary, embedding):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, embedding)
        self.attention = nn.MultiheadAttention(embedding, 4, batch_first=True)
        self.norm1 = nn.LayerNorm(embedding, eps=1e-3)
        self.ff = nn.Sequential(nn.Linear(embedding, 128), nn.ReLU(), nn.Linear(128, embedding))
        self.norm2 = nn.LayerNorm(embedding, eps=1e-3)
        self.head = nn.Linear(embedding, 2)

    def forward(self, tokens):
        x = self.embedding(tokens)
        x = self.norm1(x + self.attention(x, x, x, need_weights=False)[0])
        x = self.norm2(x + self.ff(x))
        return self.head(x.mean(1))


class _LSTM(nn.Module):
    def __init__(self, vocabulary, embedding):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, embedding)
        self.lstm = nn.LSTM(embedding, 64, batch_first=True)
        self.head = nn.Linear(64, 2)

    def forward(self, tokens):
        _, (h, _) = self.lstm(self.embedding(tokens))
        return self.head(h[-1])


def build(name):
    """Returns the torch module for benchmark model ``name``."""
    from models import EMBEDDING, VOCABULARY

    if name == "mlp":
        module = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(),
                               nn.Linear(512, 10))
    elif name == "cnn":
        module = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(),
                               nn.MaxPool2d(2), nn.Flatten(), nn.Linear(64 * 12 * 12, 10))
    elif name == "lstm":
        module = _LSTM(VOCABULARY, EMBEDDING)
    else:
        module = _Transformer(VOCABULARY, EMBEDDING)
    _glorot(module)
    return module


def _prepare(name, x):
    # NOTE: torch convolutions are channels-first; the NHWC data is transposed once.
    if name == "cnn":
        x = np.ascontiguousarray(x.transpose(0, 3, 1, 2))
    return x


def fit(name, x, y, batch_size, epochs=1, state=None):
    """Trains for ``epochs`` passes; returns ``(seconds, state)`` (pass state back to reuse
    the model and optimizer: the first call is the warm-up)."""
    if state is None:
        module = build(name)
        state = (module, torch.optim.Adam(module.parameters(), lr=1e-3, eps=1e-7))
    module, optimizer = state
    x = _prepare(name, x)
    start = time.perf_counter()
    for _ in range(epochs):
        train_epoch(module, optimizer, x, y, batch_size)
    return time.perf_counter() - start, state


def train_epoch(module, optimizer, x, y, batch_size):
    """One pass over ``x, y`` (NumPy) in batches: sparse cross-entropy from logits, one
    optimizer step per batch, the loss read back once at the end."""
    loss_fn = nn.CrossEntropyLoss()
    total = torch.zeros(())
    for begin in range(0, len(x), batch_size):
        xb = torch.as_tensor(x[begin:begin + batch_size])
        yb = torch.as_tensor(y[begin:begin + batch_size]).long()
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(module(xb), yb)
        loss.backward()
        optimizer.step()
        total = total + loss.detach()
    return float(total)
