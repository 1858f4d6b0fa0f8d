package io.segmentation.model;

/**
 * One fitted k: its silhouette (squared Euclidean), within-cluster sum of squares and the share of
 * customers in its smallest segment.
 */
public record KCandidate(int k, double silhouette, double wssse, double smallestShare) {}
