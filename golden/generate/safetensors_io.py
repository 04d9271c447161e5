"""The safetensors format by hand (torch 1.13 has no safetensors package): an 8-byte little-endian
header length N, N bytes of JSON header {name: {dtype, shape, data_offsets: [begin, end]},
"__metadata__": {str: str}}, then the tensors' raw little-endian bytes, C order."""

import json
import os
import struct
import tempfile
from pathlib import Path

import torch

DTYPES = {torch.float32: ("F32", 4), torch.float64: ("F64", 8), torch.float16: ("F16", 2),
          torch.bfloat16: ("BF16", 2), torch.int64: ("I64", 8), torch.int32: ("I32", 4)}
BY_NAME = {name: (dtype, size) for dtype, (name, size) in DTYPES.items()}


def write(path, tensors, metadata=None):
    """Writes {name: tensor} (in that order) atomically, the header padded with spaces to a multiple
    of 8 bytes, as the safetensors package does."""
    header = {}
    if metadata:
        header["__metadata__"] = dict(metadata)
    blobs = []
    offset = 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        dtype, size = DTYPES[t.dtype]
        raw = t.reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""
        assert len(raw) == t.numel() * size
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(struct.pack("<Q", len(text)))
            f.write(text)
            for b in blobs:
                f.write(b)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def read(path):
    """Returns ({name: tensor}, metadata), checking the lengths as any reader must."""
    data = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    if n > len(data) - 8:
        raise ValueError(f"{path}: header length {n} beyond the file")
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    body = data[8 + n:]
    tensors = {}
    for name, info in header.items():
        dtype, size = BY_NAME[info["dtype"]]
        begin, end = info["data_offsets"]
        shape = info["shape"]
        count = 1
        for d in shape:
            count *= d
        if end - begin != count * size or end > len(body):
            raise ValueError(f"{path}: tensor {name} has offsets {begin}..{end} for {count} x {size} bytes")
        raw = bytearray(body[begin:end])
        tensors[name] = torch.frombuffer(raw, dtype=torch.uint8).view(dtype).reshape(shape).clone() if count else \
            torch.zeros(shape, dtype=dtype)
    return tensors, metadata
