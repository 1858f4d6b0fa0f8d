package io.segmentation.model;

/**
 * A named segment of the chosen model. {@code key} is the stable surrogate key (1 = the segment
 * with the highest average spend, and so on), used as {@code cluster_key} in the tables.
 */
public record Segment(int key, SegmentProfile profile, SegmentName name) {}
