#!/usr/bin/python3
"""Peer for ProbeBench: scikit-learn's LogisticRegression on the same probe features and the same
stratified picks (fraction x seed) as the Java probe, the same objective (standardised features,
L2 regParam -> C = 1 / (n * regParam), multinomial, lbfgs), median seconds of REPS for all fits.
Usage: probe_sklearn.py IN.json REPS OUT.json   (Debian /usr/bin/python3 + python3-sklearn)"""
import json, statistics, sys, time
import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler


def fits(d):
    xtr, ytr = np.asarray(d["train_x"], dtype=np.float32), np.asarray(d["train_y"])
    xte, yte = np.asarray(d["test_x"], dtype=np.float32), np.asarray(d["test_y"])
    acc = []
    for pick in d["picks"]:
        rows = np.asarray(pick)
        sc = StandardScaler().fit(xtr[rows])
        clf = LogisticRegression(C=1.0 / (len(rows) * d["reg_param"]), max_iter=d["max_iter"], tol=1e-6)
        clf.fit(sc.transform(xtr[rows]), ytr[rows])
        acc.append(float((clf.predict(sc.transform(xte)) == yte).mean()))
    return acc


def main():
    src, reps, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(src) as f:
        d = json.load(f)
    secs, acc = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        acc = fits(d)
        secs.append(time.perf_counter() - t0)
    with open(out, "w") as f:
        json.dump({"peer": "scikit-learn " + sklearn.__version__ + " LogisticRegression(lbfgs) + StandardScaler, numpy " + np.__version__,
                   "seconds": secs, "median_seconds": statistics.median(secs), "accuracies": acc}, f)


if __name__ == "__main__":
    main()
