"""Writes torch_fixtures.json: small PyTorch reference values that corten's
nn tests compare against (nn/golden_test.go). Run by hand, not by CI:

    apt-get install -y python3-torch python3-numpy
    /usr/bin/python3 testdata/gen_torch_fixtures.py

It writes into nn/testdata/, beside the Go tests that read the files.

Every case uses float64 in PyTorch, so the fixture is the exact answer and the
Go tests measure corten's float32 error against it.
"""
import json
import struct
import torch
import torch.nn as nn
import torch.nn.functional as F
import os

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nn", "testdata"))

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def L(t):
    """A tensor as a flat list (row-major), rounded to keep the file small."""
    return [float(f"{v:.9g}") for v in t.detach().reshape(-1).tolist()]


def shape(t):
    return list(t.shape)


out = {"torch_version": torch.__version__}

# Linear: y = x W^T + b and its three gradients for an upstream gradient dy.
lin = nn.Linear(3, 4)
x = torch.randn(2, 3, requires_grad=True)
y = lin(x)
dy = torch.randn_like(y)
y.backward(dy)
out["linear"] = {
    "in": 3, "out": 4, "x": L(x), "weight": L(lin.weight), "bias": L(lin.bias),
    "y": L(y), "dy": L(dy), "dx": L(x.grad), "dweight": L(lin.weight.grad), "dbias": L(lin.bias.grad),
}

# Activations, elementwise (softmax along rows), with an upstream gradient.
acts = {}
for name, fn in [("relu", torch.relu), ("sigmoid", torch.sigmoid), ("tanh", torch.tanh),
                 ("softmax", lambda t: torch.softmax(t, dim=1))]:
    x = (3 * torch.randn(3, 5)).requires_grad_()
    y = fn(x)
    dy = torch.randn_like(y)
    y.backward(dy)
    acts[name] = {"shape": shape(x), "x": L(x), "y": L(y), "dy": L(dy), "dx": L(x.grad)}
out["activations"] = acts

# Softmax cross-entropy (mean over the batch), including logits that would
# overflow a naive exp.
ce = []
for scale, shift in [(1.0, 0.0), (10.0, 0.0), (1.0, 1000.0), (1.0, -1000.0)]:
    logits = (scale * torch.randn(4, 5) + shift).requires_grad_()
    labels = torch.randint(0, 5, (4,))
    loss = F.cross_entropy(logits, labels)
    loss.backward()
    ce.append({"shape": shape(logits), "logits": L(logits), "labels": labels.tolist(),
               "loss": loss.item(), "dlogits": L(logits.grad)})
out["cross_entropy"] = ce

# Mean squared error.
pred = torch.randn(3, 2, requires_grad=True)
target = torch.randn(3, 2)
loss = F.mse_loss(pred, target)
loss.backward()
out["mse"] = {"shape": shape(pred), "pred": L(pred), "target": L(target), "loss": loss.item(), "dpred": L(pred.grad)}

# Optimizers: two steps on Linear(3,2) -> ReLU -> Linear(2,3) with
# cross-entropy, recording the parameters after each step.
torch.manual_seed(1)
base = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 3))
x = torch.randn(4, 3)
labels = torch.randint(0, 3, (4,))
init = {k: L(v) for k, v in base.state_dict().items()}
opts = {
    "adam": lambda p: torch.optim.Adam(p, lr=0.1),
    "adam_l2": lambda p: torch.optim.Adam(p, lr=0.1, weight_decay=0.05),
    "adamw": lambda p: torch.optim.AdamW(p, lr=0.1, weight_decay=0.05),
    "sgd": lambda p: torch.optim.SGD(p, lr=0.1, weight_decay=0.05),
    "momentum": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
    "nesterov": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.05),
    "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.01, weight_decay=0.05),
}
steps = {}
for name, make in opts.items():
    model = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 3))
    model.load_state_dict(base.state_dict())
    opt = make(model.parameters())
    after = []
    for _ in range(2):
        opt.zero_grad()
        F.cross_entropy(model(x), labels).backward()
        opt.step()
        after.append({k: L(v) for k, v in model.state_dict().items()})
    steps[name] = after
out["optimizers"] = {"arch": "linear(3,2),relu,linear(2,3)", "x": L(x), "labels": labels.tolist(),
                     "init": init, "steps": steps}



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


# A PyTorch model saved as safetensors, with its outputs for an input, so the
# Go tests check that a torch state_dict loads into corten unchanged.
torch.manual_seed(2)
tm = nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 3)).float()
xi = torch.randn(2, 4, dtype=torch.float32)
save_safetensors("torch_model.safetensors", tm.state_dict(),
                 {"format": "pt", "arch": "linear(4,5),tanh,linear(5,3)"})
out["torch_model"] = {"x": L(xi), "y": L(tm(xi))}

with open("torch_fixtures.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print("wrote torch_fixtures.json")
