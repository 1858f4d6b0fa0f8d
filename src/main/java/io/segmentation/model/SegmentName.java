package io.segmentation.model;

/** A segment's human name, one-sentence description and recommended actions. */
public record SegmentName(String name, String description, String actions) {}
