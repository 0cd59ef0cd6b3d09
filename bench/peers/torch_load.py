"""Loads a model file that corten wrote (go run ./cmd/mnist -model ARCH -save FILE) into PyTorch's
reference module build(ARCH) of torch_mnist.py with load_state_dict(strict=True), and prints the
test accuracy it gives with the preprocessing recorded in the file.

usage: /usr/bin/python3 bench/peers/torch_load.py DATA_DIR ARCH FILE
Prints: ARCH FILE: strict load ok, N tensors, test acc A%
"""
import json
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_mnist  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402


def read_safetensors(path):
    """The tensors (as torch tensors) and the metadata of a safetensors file."""
    with open(path, 'rb') as f:
        data = f.read()
    n = struct.unpack('<Q', data[:8])[0]
    header = json.loads(data[8:8 + n])
    meta = header.pop('__metadata__', {})
    body = data[8 + n:]
    dtypes = {'F32': np.float32, 'F64': np.float64, 'I64': np.int64}
    out = {}
    for name, info in header.items():
        b, e = info['data_offsets']
        a = np.frombuffer(body[b:e], dtype=dtypes[info['dtype']]).reshape(info['shape'])
        out[name] = torch.from_numpy(a.copy())
    return out, meta


def main(argv):
    if len(argv) != 4:
        raise SystemExit(__doc__.split('\n\n')[1])
    data_dir, arch, path = argv[1:]
    state, meta = read_safetensors(path)
    model = torch_mnist.build(arch)
    model.load_state_dict(state, strict=True)
    _, (x, y) = torch_mnist.load(data_dir, 0)
    # corten's preprocessing acts on the raw bytes 0..255: (byte * input_scale - mean) / std.
    scale = float(meta.get('input_scale', 1))
    mean, std = float(meta.get('input_mean', 0)), float(meta.get('input_std', 1))
    x = torch_mnist.model_input(arch, ((x * 255).round() * scale - mean) / std)
    acc = torch_mnist.accuracy(model, x, y)
    print(f'{arch} {path}: strict load ok, {len(state)} tensors, test acc {acc * 100:.2f}%')


if __name__ == '__main__':
    main(sys.argv)
