"""Writes norm_fixtures.json: PyTorch reference values for corten's Embedding
and BatchNorm (nn/embedding_test.go, nn/batchnorm_test.go), and safetensors
files of PyTorch state_dicts that must load strictly into the same specs in
corten. Run by hand, not by CI:

    apt-get install -y python3-torch python3-numpy
    /usr/bin/python3 testdata/gen_torch_norm_fixtures.py

It writes into nn/testdata/, beside the Go tests that read the files.

The layer cases use float64 in PyTorch, so the fixture is the exact answer
and the Go tests measure corten's float32 error against it. Each applies the
layer to x, then backpropagates a random upstream gradient dy.
"""
import json
import struct
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

# Embedding: repeated ids, so rows of the weight gradient accumulate, and an
# id (6) that never occurs, so its row stays zero.
emb = nn.Embedding(7, 4)
ids = torch.tensor([[1, 3, 1, 0, 5], [5, 5, 2, 3, 1], [0, 4, 4, 1, 2]])
y = emb(ids)
dy = torch.randn_like(y)
y.backward(dy)
out["embedding"] = {
    "num": 7, "dim": 4, "shape": list(ids.shape), "ids": ids.reshape(-1).tolist(),
    "weight": L(emb.weight), "y": L(y), "dy": L(dy), "dweight": L(emb.weight.grad),
}

# BatchNorm: training-mode forward and every gradient, the running
# statistics after two training steps, then the evaluation-mode forward and
# input gradient.
bn = []
for kind, shape in [
    ("batchnorm1d", (6, 4)),
    ("batchnorm1d", (4, 3, 5)),
    ("batchnorm2d", (3, 2, 4, 5)),
    ("batchnorm1d", (2, 3)),        # two values per channel: the smallest batch
]:
    c = shape[1]
    layer = nn.BatchNorm1d(c) if kind == "batchnorm1d" else nn.BatchNorm2d(c)
    with torch.no_grad():
        layer.weight.copy_(1 + 0.5 * torch.randn(c))
        layer.bias.copy_(0.5 * torch.randn(c))
    weight, bias = layer.weight.detach().clone(), layer.bias.detach().clone()
    x = (2 * torch.randn(*shape) + 1).requires_grad_()
    y = layer(x)
    dy = torch.randn_like(y)
    y.backward(dy)
    case = {
        "kind": kind, "shape": list(shape), "weight": L(weight), "bias": L(bias),
        "x": L(x), "y": L(y), "dy": L(dy), "dx": L(x.grad),
        "dweight": L(layer.weight.grad), "dbias": L(layer.bias.grad),
    }
    x2 = 3 * torch.randn(*shape) - 2
    with torch.no_grad():
        layer(x2)
    case.update({"x2": L(x2), "running_mean": L(layer.running_mean), "running_var": L(layer.running_var),
                 "num_batches_tracked": int(layer.num_batches_tracked)})
    layer.eval()
    layer.zero_grad()
    x3 = torch.randn(*shape).requires_grad_()
    y3 = layer(x3)
    dy3 = torch.randn_like(y3)
    y3.backward(dy3)
    case.update({"x3": L(x3), "y_eval": L(y3), "dy_eval": L(dy3), "dx_eval": L(x3.grad),
                 "dweight_eval": L(layer.weight.grad), "dbias_eval": L(layer.bias.grad)})
    bn.append(case)
out["batchnorm"] = bn


def save_safetensors(path, state, metadata):
    """The safetensors layout written by hand (the safetensors package is not
    needed): u64 header length, JSON header, little-endian data. Floating
    tensors are stored as F32, integer ones (num_batches_tracked) as I64, as
    safetensors.torch.save_file would."""
    header, blobs, off = {"__metadata__": metadata}, [], 0
    for name, t in state.items():
        if t.dtype == torch.int64:
            b, dtype = t.detach().contiguous().numpy().astype("<i8").tobytes(), "I64"
        else:
            b, dtype = t.detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes(), "F32"
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    js = json.dumps(header, separators=(",", ":")).encode()
    js += b" " * (-len(js) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(js)) + js + b"".join(blobs))


# PyTorch models saved as safetensors, trained a few steps so the running
# statistics are not their initial values, with their evaluation-mode
# outputs for an input: a torch state_dict must load strictly into corten
# and give the same outputs. The names and shapes of each state_dict are
# recorded so the Go test compares them with corten's.
torch.set_default_dtype(torch.float32)
torch.manual_seed(3)
models = []
for name, arch, module, x in [
    ("bn1d", "linear(4,6),batchnorm1d(6),relu,linear(6,3)",
     nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 3)), torch.randn(5, 4)),
    ("bn2d", "batchnorm2d(3),flatten,linear(48,2)",
     nn.Sequential(nn.BatchNorm2d(3), nn.Flatten(), nn.Linear(48, 2)), torch.randn(2, 3, 4, 4)),
    ("embedding", "embedding(10,4),flatten,linear(12,2)",
     nn.Sequential(nn.Embedding(10, 4), nn.Flatten(), nn.Linear(12, 2)), torch.randint(0, 10, (2, 3))),
]:
    opt = torch.optim.SGD(module.parameters(), lr=0.1)
    for _ in range(3):
        opt.zero_grad()
        xt = torch.randint(0, 10, x.shape) if x.dtype == torch.int64 else 2 * torch.randn_like(x) + 0.5
        module(xt).square().mean().backward()
        opt.step()
    module.eval()
    state = module.state_dict()
    path = f"torch_{name}.safetensors"
    save_safetensors(path, state, {"format": "pt", "arch": arch})
    # corten writes num_batches_tracked as an F32 scalar: check that PyTorch's
    # strict load accepts that (load_state_dict copies it into the int64
    # buffer).
    check = {k: (v.float() if v.dtype == torch.int64 else v) for k, v in state.items()}
    module.load_state_dict(check, strict=True)
    models.append({
        "name": name, "arch": arch, "file": path,
        "names": list(state.keys()), "shapes": [list(v.shape) for v in state.values()],
        "xshape": list(x.shape), "x": L(x.double()), "y": L(module(x)),
    })
out["torch_models"] = models

with open("norm_fixtures.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print("wrote norm_fixtures.json")
