#!/usr/bin/env python3
"""Cluster the job's own scaled model inputs with scikit-learn and compare silhouettes.

Input: the CSV folder written by io.segmentation.bench.ExportScaledFeatures (columns cluster_key,
x0..xn). Prints the silhouette (squared Euclidean, as MLlib's ClusteringEvaluator) of the job's
segments and of scikit-learn's k-means++ on the same points and k: the best of 10 single starts
and KMeans(n_init=10) (the lowest-inertia start).
"""
import glob
import sys

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score


def main(folder):
    files = glob.glob(folder + "/part-*.csv")
    frame = pd.concat(pd.read_csv(f) for f in files)
    labels = frame["cluster_key"].to_numpy()
    x = frame.drop(columns=["cluster_key"]).to_numpy(dtype=float)
    k = len(np.unique(labels))
    ours = silhouette_score(x, labels, metric="sqeuclidean")
    singles = []
    for seed in range(10):
        km = KMeans(n_clusters=k, init="k-means++", n_init=1, random_state=seed).fit(x)
        singles.append(silhouette_score(x, km.labels_, metric="sqeuclidean"))
    best_inertia = KMeans(n_clusters=k, init="k-means++", n_init=10, random_state=0).fit(x)
    ten = silhouette_score(x, best_inertia.labels_, metric="sqeuclidean")
    print(f"customers {len(x):,}, features {x.shape[1]}, k {k}")
    print(f"silhouette, customer-segmentation (MLlib):      {ours:.4f}")
    print(f"silhouette, scikit-learn best of 10 starts:     {max(singles):.4f}")
    print(f"silhouette, scikit-learn KMeans(n_init=10):     {ten:.4f}")
    print(f"difference to the best of 10:                   {ours - max(singles):+.4f}")


if __name__ == "__main__":
    main(sys.argv[1])
