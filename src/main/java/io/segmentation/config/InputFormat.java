package io.segmentation.config;

import java.util.Locale;

/** Supported input formats. */
public enum InputFormat {
  CSV,
  PARQUET,
  DELTA,
  JSON;

  /** The name Spark's DataFrameReader uses. */
  public String sparkName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
