"""Writes attn_fixtures.json and attn_model.safetensors: PyTorch reference
values for corten's transformer pieces (nn/attn_golden_test.go): LayerNorm,
GELU (exact and tanh), LeakyReLU, ELU, SiLU, nn.MultiheadAttention (with and
without a causal mask), nn.TransformerEncoderLayer (norm_first, GELU,
batch_first), patch extraction as the ViT of peers/torch_mnist.py does it,
and torch.nn.utils.clip_grad_norm_. Run by hand, not by CI:

    apt-get install -y python3-torch python3-numpy
    /usr/bin/python3 testdata/gen_torch_attn_fixtures.py

It writes into nn/testdata/, beside the Go tests that read the files. When
nn/testdata/attn_corten_model.safetensors exists (a model built and saved by
corten: CORTEN_WRITE_INTERCHANGE=1 go test ./nn -run TestWriteCortenViT), it
also loads that file with strict=True into the equivalent PyTorch module and
checks corten's recorded outputs within 1e-5 relative.

Every case runs in float64, so the fixture is the exact answer and the Go
tests measure corten's float32 error against it. Each layer case applies the
layer to x and backpropagates a random upstream gradient dy, recording the
input gradient and every parameter's gradient.
"""
import json
import os
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nn", "testdata"))

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def L(t):
    """A tensor as a flat list (row-major), rounded to keep the file small."""
    return [float(f"{v:.9g}") for v in t.detach().reshape(-1).tolist()]


def state(module):
    """The module's state_dict in order: names, shapes and values."""
    return [{"name": k, "shape": list(v.shape), "values": L(v)} for k, v in module.state_dict().items()]


def grads(module):
    return {k: L(p.grad) for k, p in module.named_parameters()}


def run(module, x, fn=None):
    """Forward, then backward of a random dy; returns the case's common part."""
    x = x.clone().requires_grad_()
    y = fn(x) if fn else module(x)
    dy = torch.randn_like(y)
    y.backward(dy)
    return {"shape": list(x.shape), "yshape": list(y.shape), "x": L(x), "y": L(y), "dy": L(dy), "dx": L(x.grad)}


def randomize(module):
    """Random values for every parameter (LayerNorm's ones and zeros, and
    the zero biases of attention, would hide mistakes)."""
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(0.5 * torch.randn_like(p))
    return module


out = {"torch_version": torch.__version__}

# LayerNorm over the last axis of a sequence batch and of a matrix.
ln = []
for shape in [(2, 3, 5), (4, 8)]:
    m = nn.LayerNorm(shape[-1])
    with torch.no_grad():
        m.weight.copy_(1 + 0.5 * torch.randn(shape[-1]))
        m.bias.copy_(0.5 * torch.randn(shape[-1]))
    c = run(m, 2 * torch.randn(*shape) + 0.5)
    c.update({"dim": shape[-1], "state": state(m), "grads": grads(m)})
    ln.append(c)
out["layernorm"] = ln

# Activations: spec -> module, on inputs that cover both signs and the tails.
acts = {}
for spec, m in [("gelu", nn.GELU()), ("gelu(tanh)", nn.GELU(approximate="tanh")),
                ("leakyrelu", nn.LeakyReLU()), ("leakyrelu(0.2)", nn.LeakyReLU(0.2)),
                ("elu", nn.ELU()), ("elu(0.5)", nn.ELU(0.5)), ("silu", nn.SiLU())]:
    x = torch.cat([3 * torch.randn(3, 6), torch.tensor([[-12.0, -6.0, -1e-3, 0.0, 1e-3, 9.0]])])
    acts[spec] = run(m, x)
out["activations"] = acts

# Multi-head self-attention, batch_first, with and without a causal mask.
mha = []
for n, t, e, h, causal in [(2, 5, 8, 2, False), (2, 5, 8, 2, True), (3, 4, 6, 3, True), (1, 3, 4, 1, False)]:
    m = randomize(nn.MultiheadAttention(e, h, dropout=0.0, batch_first=True))
    mask = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1) if causal else None
    c = run(m, torch.randn(n, t, e), lambda x: m(x, x, x, attn_mask=mask, need_weights=False)[0])
    c.update({"embed": e, "heads": h, "causal": causal, "state": state(m), "grads": grads(m)})
    mha.append(c)
out["mha"] = mha

# The transformer encoder layer of the ViT: pre-norm, GELU MLP, no dropout.
enc = []
for n, t, d, h, ff, causal in [(2, 5, 8, 2, 16, False), (2, 4, 6, 3, 10, True)]:
    m = randomize(nn.TransformerEncoderLayer(d, h, dim_feedforward=ff, dropout=0.0, activation="gelu",
                                             batch_first=True, norm_first=True))
    mask = torch.triu(torch.full((t, t), float("-inf")), diagonal=1) if causal else None
    m.train()  # the slow path, which supports float64 and autograd
    c = run(m, torch.randn(n, t, d), lambda x: m(x, src_mask=mask))
    c.update({"d_model": d, "nhead": h, "ff": ff, "causal": causal, "state": state(m), "grads": grads(m)})
    enc.append(c)
out["encoder"] = enc

# Patches: the ViT's x.view(-1,4,7,4,7).permute(0,1,3,2,4).reshape(-1,16,49)
# on MNIST-shaped rows, and the general [N, C, H, W] form: patches in
# row-major order, each patch's values channel by channel, row-major.
def patch_rows(x, p, hh, ww):
    n = x.shape[0]
    return x.view(n, hh // p, p, ww // p, p).permute(0, 1, 3, 2, 4).reshape(n, (hh // p) * (ww // p), p * p)


def patch_nchw(x, p):
    n, c, hh, ww = x.shape
    return x.view(n, c, hh // p, p, ww // p, p).permute(0, 2, 4, 1, 3, 5).reshape(n, (hh // p) * (ww // p), c * p * p)


pat = []
c = run(None, torch.randn(2, 784), lambda x: x.view(-1, 4, 7, 4, 7).permute(0, 1, 3, 2, 4).reshape(-1, 16, 49))
c.update({"spec": "patches(7)"}); pat.append(c)
c = run(None, torch.randn(2, 24), lambda x: patch_rows(x, 2, 4, 6))
c.update({"spec": "patches(2,4,6)"}); pat.append(c)
c = run(None, torch.randn(2, 3, 4, 6), lambda x: patch_nchw(x, 2))
c.update({"spec": "patches(2)"}); pat.append(c)
out["patches"] = pat

# clip_grad_norm_: one call that clips and one that does not.
clip = []
for max_norm in [1.0, 100.0]:
    ps = [torch.nn.Parameter(torch.zeros(3, 4)), torch.nn.Parameter(torch.zeros(5))]
    for p in ps:
        p.grad = 2 * torch.randn_like(p)
    before = [L(p.grad) for p in ps]
    total = torch.nn.utils.clip_grad_norm_(ps, max_norm)
    clip.append({"max_norm": max_norm, "shapes": [list(p.shape) for p in ps], "grads": before,
                 "total": total.item(), "clipped": [L(p.grad) for p in ps]})
out["clip"] = clip


def save_safetensors(path, sd, metadata):
    """The safetensors layout written by hand (the safetensors package is not
    needed): u64 header length, JSON header, little-endian float32 data."""
    header, blobs, off = {"__metadata__": metadata}, [], 0
    for name, t in sd.items():
        b = t.detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    js = json.dumps(header, separators=(",", ":")).encode()
    js += b" " * (-len(js) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(js)) + js + b"".join(blobs))


# A small ViT as an nn.Sequential: its state_dict, saved as safetensors with
# the corten spec as "arch", must load strictly into corten and give the same
# outputs (in float32, as a user's model would be).
class Patches(nn.Module):
    def forward(self, x):
        return patch_rows(x, 4, 8, 8)


class MeanSteps(nn.Module):
    def forward(self, x):
        return x.mean(1)


torch.manual_seed(3)
model = nn.Sequential(
    Patches(), nn.Linear(16, 8),
    nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, activation="gelu", batch_first=True, norm_first=True),
    nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, activation="gelu", batch_first=True, norm_first=True),
    nn.LayerNorm(8), MeanSteps(), nn.Linear(8, 3)).float()
randomize(model)
model.train()
arch = "patches(4,8,8),linear(16,8),encoder(8,2,16),encoder(8,2,16),layernorm(8),meansteps,linear(8,3)"
xm = torch.randn(3, 64, dtype=torch.float32)
save_safetensors("attn_model.safetensors", model.state_dict(), {"format": "pt", "arch": arch})
out["model"] = {"arch": arch, "names": [[k, list(v.shape)] for k, v in model.state_dict().items()],
                "shape": list(xm.shape), "x": L(xm), "y": L(model(xm))}

with open("attn_fixtures.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print("wrote attn_fixtures.json and attn_model.safetensors")


def load_safetensors(path):
    """Reads an F32 safetensors file by hand: its tensors and metadata."""
    import numpy as np
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", {})
    sd = {}
    for name, h in header.items():
        a, b = h["data_offsets"]
        sd[name] = torch.from_numpy(np.frombuffer(data[8 + n + a:8 + n + b], dtype="<f4").copy()).reshape(h["shape"])
    return sd, meta


# The other direction: a model that corten built and saved
# (CORTEN_WRITE_INTERCHANGE=1 go test ./nn -run TestWriteCortenViT) must load
# with strict=True into the same PyTorch module and give corten's outputs.
if os.path.exists("attn_corten_model.safetensors"):
    sd, meta = load_safetensors("attn_corten_model.safetensors")
    assert meta["arch"] == arch, meta["arch"]
    model.load_state_dict(sd, strict=True)
    x = torch.tensor(json.loads(meta["x"]), dtype=torch.float32).reshape(3, 64)
    want = torch.tensor(json.loads(meta["y"]), dtype=torch.float32).reshape(3, 3)
    got = model(x).detach()
    err = ((got - want).abs() / (want.abs() + 1e-6)).max().item()
    assert torch.allclose(got, want, rtol=1e-5, atol=1e-6), (got, want)
    print(f"attn_corten_model.safetensors loads strictly into PyTorch; outputs agree (max rel err {err:.2g})")
