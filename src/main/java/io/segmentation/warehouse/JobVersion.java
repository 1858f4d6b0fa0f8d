package io.segmentation.warehouse;

/** The job's own version, from the jar manifest (or "dev" when run from classes). */
public final class JobVersion {
  private JobVersion() {}

  public static String get() {
    String v = JobVersion.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
