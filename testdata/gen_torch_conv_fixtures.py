"""Writes conv_fixtures.json: PyTorch reference values for corten's Conv2D,
MaxPool2D and AvgPool2D (nn/conv2d_test.go, nn/pool_test.go) and a small
LeNet-style model whose state_dict must load into the same spec in corten.
Run by hand, not by CI:

    apt-get install -y python3-torch python3-numpy
    /usr/bin/python3 testdata/gen_torch_conv_fixtures.py

It writes into nn/testdata/, beside the Go tests that read the files.

Every case uses float64 in PyTorch, so the fixture is the exact answer and the
Go tests measure corten's float32 error against it. Each case applies the
layer to x, then backpropagates a random upstream gradient dy.
"""
import json
import torch
import torch.nn as nn
import os

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nn", "testdata"))

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def L(t):
    """A tensor as a flat list (row-major), rounded to keep the file small."""
    return [float(f"{v:.9g}") for v in t.detach().reshape(-1).tolist()]


out = {"torch_version": torch.__version__}

conv = []
for n, cin, cout, h, w, k, stride, pad in [
    (2, 2, 3, 6, 5, 3, 1, 1),   # same padding, odd width
    (2, 3, 2, 7, 7, 3, 2, 1),   # stride 2 with padding
    (1, 1, 4, 5, 5, 5, 1, 2),   # LeNet's first layer, small
    (2, 2, 2, 6, 6, 2, 2, 0),   # non-overlapping windows
    (3, 2, 3, 4, 4, 1, 1, 0),   # 1x1
    (1, 2, 2, 5, 6, 4, 3, 2),   # stride 3, windows reaching into padding
]:
    layer = nn.Conv2d(cin, cout, k, stride=stride, padding=pad)
    x = torch.randn(n, cin, h, w, requires_grad=True)
    y = layer(x)
    dy = torch.randn_like(y)
    y.backward(dy)
    conv.append({
        "in": cin, "out": cout, "kernel": k, "stride": stride, "padding": pad,
        "shape": list(x.shape), "yshape": list(y.shape),
        "x": L(x), "weight": L(layer.weight), "bias": L(layer.bias), "y": L(y),
        "dy": L(dy), "dx": L(x.grad), "dweight": L(layer.weight.grad), "dbias": L(layer.bias.grad),
    })
out["conv2d"] = conv

pools = []
for kind, k, stride, shape in [
    ("maxpool2d", 2, 2, (2, 3, 4, 5)),   # odd width: the last column is dropped
    ("maxpool2d", 3, 2, (1, 2, 7, 7)),   # overlapping windows
    ("maxpool2d", 2, 1, (1, 1, 3, 3)),
    ("avgpool2d", 2, 2, (2, 2, 4, 6)),
    ("avgpool2d", 3, 1, (1, 2, 5, 4)),
]:
    layer = nn.MaxPool2d(k, stride) if kind == "maxpool2d" else nn.AvgPool2d(k, stride)
    x = torch.randn(*shape, requires_grad=True)
    y = layer(x)
    dy = torch.randn_like(y)
    y.backward(dy)
    pools.append({"kind": kind, "kernel": k, "stride": stride, "shape": list(x.shape),
                  "yshape": list(y.shape), "x": L(x), "y": L(y), "dy": L(dy), "dx": L(x.grad)})
out["pool"] = pools

# A small LeNet-style model: its state_dict, keyed as nn.Sequential's, must
# load into the corten model built from arch, and give the same outputs.
model = nn.Sequential(nn.Conv2d(1, 3, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Conv2d(3, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                      nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 3))
x = torch.randn(2, 1, 8, 8)
out["model"] = {
    "arch": "conv2d(1,3,3,padding=1),relu,maxpool2d(2),conv2d(3,4,3),relu,maxpool2d(2),flatten,"
            "linear(4,5),relu,linear(5,3)",
    "state": {name: {"shape": list(t.shape), "values": L(t)} for name, t in model.state_dict().items()},
    "shape": list(x.shape), "x": L(x), "y": L(model(x)),
}

with open("conv_fixtures.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
