"""PyTorch (CPU) reference for corten's MNIST workloads: seconds per training epoch and test accuracy.

usage: /usr/bin/python3 bench/peers/torch_mnist.py DATA_DIR ARCH EPOCHS THREADS [LIMIT]
  DATA_DIR  directory of the four MNIST files (testdata/mnist in this repository)
  ARCH      mlp | mlp-big | cnn | lstm | gru | vit
  LIMIT     optional: train and test on the first LIMIT images of each set, as corten's -limit
  SAVE=FILE (environment) also writes the trained state_dict to FILE as safetensors, which
            `go run ./cmd/mnist -model ARCH -load FILE` evaluates

Prints one line per epoch:
  ARCH threads=T epoch E: S s (R samples/s) test acc A%
The workloads are those of cmd/mnist: Adam with lr 1e-3, batch 64, a fresh shuffle each epoch,
softmax cross-entropy, pixels scaled to [0, 1] and standardised with the training set's mean and
standard deviation. Every model takes rows of 784 pixels: cnn views them as 1x28x28 images; lstm
and gru read the 28 rows of an image as 28 steps of 28 pixels; vit cuts an image into 16 patches of
7x7 pixels, patches in row-major order and the pixels of each patch row-major.

build(arch) returns the reference module. Its state_dict names and tensor layouts are the contract
for safetensors files exchanged with corten (for example weight_ih_l0 stacks the LSTM gates as
i, f, g, o and the GRU gates as r, z, n; in_proj_weight packs Q, K and V).
"""
import gzip
import os
import struct
import sys
import time

# OpenBLAS (inside torch) should choose its own kernel for this CPU, as on a user's machine, even
# where the environment presets one for old builds. This must happen before torch loads.
os.environ.pop('OPENBLAS_CORETYPE', None)
os.environ.pop('OPENBLAS_L2_SIZE', None)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

ARCHS = ('mlp', 'mlp-big', 'cnn', 'lstm', 'gru', 'vit')
BATCH = 64
LR = 1e-3


def read_idx(path):
    """Reads an IDX file of unsigned bytes, gzipped or not: images as [N, rows*cols], labels as [N]."""
    if not os.path.exists(path) and path.endswith('.gz'):
        path = path[:-3]
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        raw = f.read()
    zeros, dtype, ndim = raw[0:2], raw[2], raw[3]
    if zeros != b'\0\0' or dtype != 0x08 or ndim not in (1, 3):
        raise SystemExit(f'{path}: not an IDX file of unsigned bytes with 1 or 3 dimensions')
    dims = struct.unpack(f'>{ndim}I', raw[4:4 + 4 * ndim])
    data = np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim)
    if ndim == 3:
        return data.reshape(dims[0], dims[1] * dims[2])
    return data


class RowRNN(nn.Module):
    """lstm / gru: one recurrent layer (hidden 128) over the image's 28 rows, then a linear
    classifier on the output of the last step."""

    def __init__(self, cell):
        super().__init__()
        self.rnn = cell(28, 128, batch_first=True)
        self.fc = nn.Linear(128, 10)

    def forward(self, x):
        steps, _ = self.rnn(x.view(-1, 28, 28))
        return self.fc(steps[:, -1])


class ViT(nn.Module):
    """vit: 16 patches of 7x7 pixels embedded to width 64 plus learned positions, two pre-LN
    encoder layers (4 heads, GELU feed-forward of 128, no dropout), a final LayerNorm, the mean
    over patches, and a linear classifier."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(49, 64)
        self.pos = nn.Parameter(torch.zeros(1, 16, 64))
        nn.init.normal_(self.pos, std=0.02)
        block = nn.TransformerEncoderLayer(64, 4, dim_feedforward=128, dropout=0.0, activation='gelu',
                                           batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(block, 2, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(64)
        self.head = nn.Linear(64, 10)

    def forward(self, x):
        # [N, 784] -> [N, patch row, pixel row, patch col, pixel col] -> [N, 16 patches, 49 pixels]
        patches = x.view(-1, 4, 7, 4, 7).permute(0, 1, 3, 2, 4).reshape(-1, 16, 49)
        tokens = self.encoder(self.embed(patches) + self.pos)
        return self.head(self.norm(tokens).mean(dim=1))


def build(arch):
    """The reference module of a workload, freshly initialised from torch's global generator."""
    if arch == 'mlp':
        return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    if arch == 'mlp-big':
        return nn.Sequential(nn.Linear(784, 512), nn.ReLU(),
                             nn.Linear(512, 512), nn.ReLU(),
                             nn.Linear(512, 10))
    if arch == 'cnn':  # LeNet-5; takes [N, 1, 28, 28] (see model_input)
        return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Flatten(),
                             nn.Linear(400, 120), nn.ReLU(),
                             nn.Linear(120, 84), nn.ReLU(),
                             nn.Linear(84, 10))
    if arch == 'lstm':
        return RowRNN(nn.LSTM)
    if arch == 'gru':
        return RowRNN(nn.GRU)
    if arch == 'vit':
        return ViT()
    raise SystemExit(f'unknown arch {arch!r}: want one of {", ".join(ARCHS)}')


def model_input(arch, x):
    """The view of standardised [N, 784] pixels that the model of arch takes."""
    if arch == 'cnn':
        return x.view(-1, 1, 28, 28)
    return x


def load(data_dir, limit):
    """Training and test images as float32 in [0, 1] and labels as int64, the first limit of each."""
    def part(images, labels):
        x = torch.tensor(read_idx(os.path.join(data_dir, images)), dtype=torch.float32) / 255.0
        y = torch.tensor(read_idx(os.path.join(data_dir, labels)), dtype=torch.long)
        if len(x) != len(y):
            raise SystemExit(f'{images}: {len(x)} images but {labels}: {len(y)} labels')
        return (x[:limit], y[:limit]) if limit else (x, y)
    train = part('train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz')
    test = part('t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz')
    return train, test


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        pred = torch.cat([model(x[i:i + 1000]).argmax(dim=1) for i in range(0, len(x), 1000)])
    return pred.eq(y).float().mean().item()


def main(argv):
    if len(argv) not in (5, 6) or argv[2] not in ARCHS:
        raise SystemExit(__doc__.split('\n\n')[1])
    data_dir, arch, epochs, threads = argv[1], argv[2], int(argv[3]), int(argv[4])
    limit = int(argv[5]) if len(argv) == 6 else 0
    torch.set_num_threads(threads)
    torch.manual_seed(0)

    (xtr, ytr), (xte, yte) = load(data_dir, limit)
    mean, std = xtr.mean(), xtr.std()
    xtr = model_input(arch, (xtr - mean) / std)
    xte = model_input(arch, (xte - mean) / std)

    model = build(arch)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    n = len(xtr)
    for epoch in range(1, epochs + 1):
        order = torch.randperm(n)
        model.train()
        start = time.perf_counter()
        for i in range(0, n, BATCH):
            batch = order[i:i + BATCH]
            loss = F.cross_entropy(model(xtr[batch]), ytr[batch])
            opt.zero_grad()
            loss.backward()
            opt.step()
        secs = time.perf_counter() - start
        acc = accuracy(model, xte, yte)
        print(f'{arch} threads={threads} epoch {epoch}: {secs:.2f} s ({n / secs:.0f} samples/s) '
              f'test acc {acc * 100:.2f}%', flush=True)
    if os.environ.get('SAVE'):
        # The trained state_dict as safetensors, for `go run ./cmd/mnist -model ARCH -load FILE`.
        save_safetensors(os.environ['SAVE'], model.state_dict())


def save_safetensors(path, state):
    """Writes a state_dict in the safetensors format (float32, or int64 for integer buffers)."""
    import json
    header, blobs, off = {}, [], 0
    for name, t in state.items():
        t = t.detach().contiguous()
        dtype = 'I64' if not t.is_floating_point() else 'F32'
        data = (t.to(torch.int64) if dtype == 'I64' else t.to(torch.float32)).numpy().tobytes()
        header[name] = {'dtype': dtype, 'shape': list(t.shape), 'data_offsets': [off, off + len(data)]}
        blobs.append(data)
        off += len(data)
    js = json.dumps(header).encode()
    js += b' ' * (-len(js) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(js)) + js + b''.join(blobs))


if __name__ == '__main__':
    main(sys.argv)
