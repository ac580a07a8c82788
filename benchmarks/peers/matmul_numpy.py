#!/usr/bin/python3
"""Peer for RetrievalBench: numpy's bare product a @ b.T of two N x DIM float32 unit-row
matrices, median of REPS, and which BLAS kernel ran (threadpoolctl when installed, else
OpenBLAS's own openblas_get_corename through ctypes).
Usage: matmul_numpy.py N DIM REPS OUT.json   (run with Debian's /usr/bin/python3 + python3-numpy)"""
import ctypes, json, os, sys, time
import numpy as np


def blas_info():
    info = {"OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
            "OPENBLAS_L2_SIZE": os.environ.get("OPENBLAS_L2_SIZE")}
    try:
        import threadpoolctl
        info["threadpoolctl"] = [{k: v for k, v in d.items() if k in (
            "internal_api", "version", "architecture", "num_threads", "threading_layer", "filepath")}
            for d in threadpoolctl.threadpool_info()]
    except ImportError:
        pass
    with open("/proc/self/maps") as f:   # the BLAS library numpy loaded
        libs = sorted({l.split()[-1] for l in f if "openblas" in l or "libblas" in l})
    info["libraries"] = libs
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            info["openblas_corename"] = lib.openblas_get_corename().decode()
            info["openblas_config"] = lib.openblas_get_config().decode()
            info["openblas_num_threads"] = lib.openblas_get_num_threads()
            break
        except (OSError, AttributeError):
            continue
    return info


def main():
    n, dim, reps, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rng = np.random.default_rng(1)
    a = rng.standard_normal((n, dim), dtype=np.float32)
    b = rng.standard_normal((n, dim), dtype=np.float32)
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    b /= np.linalg.norm(b, axis=1, keepdims=True)
    (a[:256] @ b[:256].T).sum()   # warm-up: thread pool and kernel selection
    secs = []
    for _ in range(reps):
        t = time.perf_counter()
        s = a @ b.T
        secs.append(time.perf_counter() - t)
        del s
    secs.sort()
    med = secs[len(secs) // 2] if len(secs) % 2 else (secs[len(secs) // 2 - 1] + secs[len(secs) // 2]) / 2
    res = {"peer": "numpy a @ b.T", "numpy": np.__version__, "n": n, "dim": dim, "reps": reps,
           "seconds": secs, "median_s": med, "gflops": 2.0 * n * n * dim / med / 1e9, "blas": blas_info()}
    with open(out, "w") as f:
        json.dump(res, f, indent=2)
    print(json.dumps(res))


if __name__ == "__main__":
    main()
