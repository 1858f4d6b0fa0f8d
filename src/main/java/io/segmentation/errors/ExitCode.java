package io.segmentation.errors;

/** Process exit codes, as documented in DESIGN.md ("Exit codes and messages"). */
public enum ExitCode {
  /** Success. */
  OK(0),
  /** Unexpected failure (a bug): full stack trace in the log. */
  BUG(1),
  /** Usage or configuration error. */
  USAGE(2),
  /** Input error: missing path, unreadable file, missing required column, no usable rows. */
  INPUT(3),
  /** Modelling error: too few customers for the k range, no k satisfies the constraints. */
  MODEL(4),
  /**
   * Another run is writing the same warehouse (its lock is held, or Delta reported a concurrent
   * change); nothing of this run is left half-written. Retry later with the same run id.
   */
  BUSY(5);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
