"""Writes rnn_fixtures.json: PyTorch reference values for corten's recurrent
layers (nn.RNN with tanh, nn.LSTM, nn.GRU; batch_first=True, zero initial
state), read by nn/recurrent_golden_test.go, and one small model per cell as
safetensors (rnn_model_<cell>.safetensors) whose state_dict must load
strictly into the corten model of the same spec. Run by hand, not by CI:

    apt-get install -y python3-torch python3-numpy
    /usr/bin/python3 testdata/gen_torch_rnn_fixtures.py

It writes into nn/testdata/, beside the Go tests that read the files.

The layer cases use float64 in PyTorch, so the fixture is the exact answer
and the Go tests measure corten's float32 error against it. Each case runs
the module on x, takes every step's output (or the last step's, out[:, -1],
for corten's "last"), and backpropagates a random upstream gradient dy.
"""
import json
import os
import struct

import torch
import torch.nn as nn

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nn", "testdata"))

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

MODULES = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


def L(t):
    """A tensor as a flat list (row-major), rounded to keep the file small."""
    return [float(f"{v:.9g}") for v in t.detach().reshape(-1).tolist()]


def spec(kind, i, h, layers, last):
    s = f"{kind}({i},{h}"
    if layers > 1:
        s += f",{layers}"
    if last:
        s += ",last"
    return s + ")"


def save_safetensors(path, state, metadata):
    """The safetensors layout written by hand (the safetensors package is not
    needed): u64 header length, JSON header, little-endian float32 data."""
    header, blobs, off = {"__metadata__": metadata}, [], 0
    for name, t in state.items():
        b = t.detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    js = json.dumps(header, separators=(",", ":")).encode()
    js += b" " * (-len(js) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(js)) + js + b"".join(blobs))


cases = []
for kind, module in MODULES.items():
    for n, t, i, h, layers, last in [
        (2, 5, 3, 4, 1, False),
        (3, 4, 2, 3, 2, False),
        (2, 6, 3, 5, 2, True),
        (2, 28, 3, 4, 1, True),   # the length of an MNIST row sequence
    ]:
        m = module(i, h, layers, batch_first=True)
        x = torch.randn(n, t, i, requires_grad=True)
        out, _ = m(x)
        y = out[:, -1] if last else out
        dy = torch.randn_like(y)
        y.backward(dy)
        cases.append({
            "spec": spec(kind, i, h, layers, last), "shape": list(x.shape), "yshape": list(y.shape),
            "x": L(x), "y": L(y), "dy": L(dy), "dx": L(x.grad),
            "params": [{"name": name, "shape": list(p.shape), "value": L(p), "grad": L(p.grad)}
                       for name, p in m.named_parameters()],
        })


class Model(nn.Module):
    """A recurrent stack, its last step, a linear layer: the shape of the
    MNIST row models, with the children named as corten's Sequential names
    its layers ("0", "1")."""

    def __init__(self, module):
        super().__init__()
        self.add_module("0", module(3, 4, 2, batch_first=True))
        self.add_module("1", nn.Linear(4, 2))

    def forward(self, x):
        out, _ = getattr(self, "0")(x)
        return getattr(self, "1")(out[:, -1])


models = {}
torch.manual_seed(1)
for kind, module in MODULES.items():
    m = Model(module).float()
    x = torch.randn(2, 7, 3, dtype=torch.float32)
    arch = f"{kind}(3,4,2,last),linear(4,2)"
    save_safetensors(f"rnn_model_{kind}.safetensors", m.state_dict(), {"format": "pt", "arch": arch})
    models[kind] = {"arch": arch, "shape": list(x.shape), "x": L(x), "y": L(m(x)),
                    "state": [{"name": k, "shape": list(v.shape)} for k, v in m.state_dict().items()]}

with open("rnn_fixtures.json", "w") as f:
    json.dump({"torch_version": torch.__version__, "cases": cases, "models": models}, f,
              separators=(",", ":"))
    f.write("\n")
print("wrote rnn_fixtures.json")
