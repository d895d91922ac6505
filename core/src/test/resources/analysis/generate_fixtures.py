#!/usr/bin/python3
"""Writes the scikit-learn reference fixtures for the Java StandardScaler and Dbscan tests.

Run with Debian's python3-sklearn (``apt-get install python3-sklearn``):

    /usr/bin/python3 core/src/test/resources/analysis/generate_fixtures.py

Each fixture is one JSON file next to this script: the input points, eps and min_samples,
scikit-learn's DBSCAN labels and core sample indices, and StandardScaler's mean_, var_ and
scale_ for the same points. Fixtures named ``*_scaled`` run the seed's pipeline: the labels
are DBSCAN's on StandardScaler().fit_transform(points). Every fixture is also checked
against a brute-force evaluation of the neighbour rule (squared Euclidean distance summed in
feature order, compared with eps * eps) so a tie that scikit-learn breaks differently is
reported here rather than discovered in the Java tests.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.cluster import DBSCAN
from sklearn.datasets import make_blobs
from sklearn.metrics import silhouette_samples
from sklearn.preprocessing import StandardScaler

OUT = os.path.dirname(os.path.abspath(__file__))


def brute_core_mask(x, eps, min_samples):
    n = x.shape[0]
    counts = np.zeros(n, dtype=np.int64)
    eps2 = eps * eps
    for i in range(n):
        d2 = np.zeros(n)
        for j in range(x.shape[1]):
            t = x[i, j] - x[:, j]
            d2 = d2 + t * t
        counts[i] = np.count_nonzero(d2 <= eps2)
    return counts >= min_samples


def contested_borders(x, eps, core, labels):
    """Non-core points within eps of core points of two or more clusters."""
    eps2 = eps * eps
    count = 0
    for i in np.flatnonzero(~core):
        d2 = ((x - x[i]) ** 2).sum(axis=1)
        near = set(np.asarray(labels)[(d2 <= eps2) & core].tolist())
        count += len(near) > 1
    return count


def write(name, points, eps, min_samples, scaled=False, note=""):
    x = np.asarray(points, dtype=np.float64)
    scaler = StandardScaler().fit(x)
    clustered = scaler.transform(x) if scaled else x
    model = DBSCAN(eps=eps, min_samples=min_samples).fit(clustered)
    core = np.zeros(x.shape[0], dtype=bool)
    core[model.core_sample_indices_] = True
    brute = brute_core_mask(clustered, eps, min_samples)
    if not np.array_equal(core, brute):
        raise SystemExit(f"{name}: scikit-learn's core points differ from the brute-force rule")
    labels = model.labels_.tolist()
    clustered_mask = model.labels_ >= 0
    silhouette = []
    k = int(model.labels_.max() + 1)
    if k >= 2 and clustered_mask.sum() <= 2000:
        values = silhouette_samples(clustered[clustered_mask], model.labels_[clustered_mask])
        silhouette = [float(values[model.labels_[clustered_mask] == c].mean()) for c in range(k)]
    fixture = {
        "name": name,
        "note": note,
        "sklearn_version": sklearn.__version__,
        "eps": eps,
        "min_samples": min_samples,
        "scaled": scaled,
        "points": x.tolist(),
        "labels": labels,
        "core_indices": model.core_sample_indices_.tolist(),
        "cluster_count": int(max(labels) + 1) if labels else 0,
        "silhouette_per_cluster": silhouette,
        "scaler_mean": scaler.mean_.tolist(),
        "scaler_var": scaler.var_.tolist(),
        "scaler_scale": scaler.scale_.tolist(),
    }
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
    print(f"{name}: n={x.shape[0]} d={x.shape[1]} clusters={fixture['cluster_count']} "
          f"noise={labels.count(-1)} core={len(fixture['core_indices'])} "
          f"contested={contested_borders(clustered, eps, core, labels)}")


def blobs(rng):
    x, _ = make_blobs(n_samples=300, centers=4, cluster_std=0.5, random_state=7)
    write("blobs", x, 0.5, 5, note="four well separated 2-D blobs")


def overlapping(rng):
    x, _ = make_blobs(n_samples=400, centers=[[0, 0], [1.6, 0], [0.8, 1.2]], cluster_std=0.6,
                      random_state=11)
    write("overlapping", x, 0.2, 8, note="three overlapping blobs, many contested border points")


def duplicates(rng):
    distinct = rng.integers(0, 12, size=(45, 2)).astype(np.float64) * 0.5
    repeats = rng.integers(1, 8, size=45)
    x = np.repeat(distinct, repeats, axis=0)
    x = x[rng.permutation(x.shape[0])]
    write("duplicates", x, 0.5, 6, note="integer-grid points repeated 1..7 times, shuffled")


def shared_borders(rng):
    # Rows of points one unit apart; eps equals the spacing, so neighbours sit exactly on the
    # eps boundary. Lone points between two dense runs are border points of both runs.
    pts = []
    for row in range(0, 8, 2):
        for x in list(range(0, 5)) + list(range(6, 11)) + list(range(12, 15)):
            pts.append([float(x), float(row)])
            if x % 2 == 1:
                pts.append([float(x), float(row)])
        pts.append([5.0, float(row)])
        pts.append([11.0, float(row)])
    # lone points exactly one unit from two rows: border points of both rows' clusters
    pts.extend([[2.0, 1.0], [7.0, 3.0], [13.0, 5.0], [9.0, 1.0]])
    x = np.asarray(pts)
    x = x[rng.permutation(x.shape[0])]
    write("shared_borders", x, 1.0, 4, note="grid spacing 1.0 equal to eps, shuffled")


def shared_borders_decimal(rng):
    # The same idea on a 0.1 lattice: coordinates are not exact binary fractions, so ties are
    # decided by floating-point rounding, exactly as scikit-learn's KD-tree decides them.
    ij = np.array([[i, j] for i in range(0, 30) for j in range(0, 6)])
    keep = rng.random(len(ij)) < 0.55
    x = ij[keep] * 0.1
    x = np.vstack([x, x[: len(x) // 3]])
    x = x[rng.permutation(x.shape[0])]
    write("shared_borders_decimal", x, 0.1, 5, note="0.1 lattice, eps 0.1, partial duplicates")


def noise(rng):
    x = rng.random((200, 2))
    write("noise", x, 0.005, 3, note="uniform points, eps far below their spacing: all noise")


def large_5d(rng):
    centers = rng.normal(0, 4, size=(6, 5))
    parts = [rng.normal(c, rng.uniform(0.3, 1.0), size=(int(rng.integers(300, 700)), 5)) for c in centers]
    background = rng.uniform(-10, 10, size=(400, 5))
    x = np.vstack(parts + [background])
    x = x[rng.permutation(x.shape[0])]
    write("large_5d", x, 0.6, 5, note="six 5-D Gaussian blobs plus uniform background")
    write("large_5d_scaled", x, 0.3, 5, scaled=True,
          note="the seed's pipeline: StandardScaler then DBSCAN(eps=0.3, min_samples=5)")


def heavy_tailed_scaled(rng):
    n = 1500
    duration = np.exp(rng.normal(3, 1.2, n))
    memory = rng.normal(5e7, 1e7, n)
    cpu = duration * rng.uniform(0.2, 0.9, n)
    success = (rng.random(n) < 0.9).astype(np.float64)
    x = np.column_stack([duration, memory, cpu, success])
    write("heavy_tailed_scaled", x, 0.3, 5, scaled=True,
          note="the seed's raw feature set (duration, memory, cpu, success) through its pipeline")


def scaler_edge(rng):
    n = 120
    constant = np.full(n, 5.0)
    near_constant = 1e9 + rng.normal(0, 1e-6, n)
    offset = 1e6 + rng.normal(0, 3.0, n)
    lognormal = np.exp(rng.normal(0, 2.0, n))
    binary = (rng.random(n) < 0.05).astype(np.float64)
    x = np.column_stack([constant, near_constant, offset, lognormal, binary])
    write("scaler_edge", x, 0.5, 5, scaled=True,
          note="constant, near-constant at 1e9, offset 1e6, lognormal and rare 0/1 columns")


def main():
    rng = np.random.default_rng(20240611)
    for make in (blobs, overlapping, duplicates, shared_borders, shared_borders_decimal, noise,
                 large_5d, heavy_tailed_scaled, scaler_edge):
        make(rng)


if __name__ == "__main__":
    main()
