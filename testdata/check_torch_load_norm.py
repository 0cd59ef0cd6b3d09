"""Checks the other direction of the Embedding/BatchNorm interchange: models
that corten saved load with PyTorch's strict load_state_dict into the
equivalent modules and give the same evaluation-mode outputs (within 1e-5
relative). Run by hand, not by CI:

    export CORTEN_TORCH_EXPORT=$(mktemp -d)
    go test ./nn -run TestNormExportForTorch -count=1
    /usr/bin/python3 testdata/check_torch_load_norm.py $CORTEN_TORCH_EXPORT

corten writes num_batches_tracked as an F32 scalar; load_state_dict copies it
into PyTorch's int64 buffer.
"""
import json
import struct
import sys
import torch
import torch.nn as nn

d = sys.argv[1]


def load_safetensors(path):
    data = open(path, "rb").read()
    n = struct.unpack("<Q", data[:8])[0]
    header, body = json.loads(data[8:8 + n]), data[8 + n:]
    meta = header.pop("__metadata__", {})
    state = {}
    for name, info in header.items():
        assert info["dtype"] == "F32", (name, info)
        b, e = info["data_offsets"]
        state[name] = torch.frombuffer(bytearray(body[b:e]), dtype=torch.float32).reshape(info["shape"])
    return state, meta


modules = {
    "bn1d": lambda: nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 3)),
    "bn1d_seq": lambda: nn.Sequential(nn.BatchNorm1d(3, momentum=0.3), nn.Flatten(), nn.Linear(15, 2)),
    "bn2d": lambda: nn.Sequential(nn.Conv2d(2, 3, 3), nn.BatchNorm2d(3), nn.Flatten(), nn.Linear(12, 2)),
    "embedding": lambda: nn.Sequential(nn.Embedding(10, 4), nn.Flatten(), nn.Linear(12, 2)),
}
outputs = json.load(open(f"{d}/outputs.json"))
failed = False
for name, make in modules.items():
    m = make()
    state, meta = load_safetensors(f"{d}/{name}.safetensors")
    m.load_state_dict(state, strict=True)  # raises on any missing or unexpected key or shape
    m.eval()
    o = outputs[name]
    x = torch.tensor(o["x"]).reshape(o["shape"])
    if name == "embedding":
        x = x.long()
    with torch.no_grad():
        y = m(x).reshape(-1)
    want = torch.tensor(o["y"])
    err = ((y - want).abs() / want.abs().clamp(min=1e-2)).max().item()
    ok = err <= 1e-5
    failed |= not ok
    print(f"{name}: {meta['arch']}: strict load ok, max relative output difference {err:.2g}", "" if ok else "FAIL")
sys.exit(1 if failed else 0)
