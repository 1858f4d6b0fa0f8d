package io.segmentation.report;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Writes a run's small files (summary JSON, HTML report) to any Hadoop file system. */
public final class RunFiles {
  private RunFiles() {}

  /** The default summary location: {@code OUTPUT/runs/RUN_ID/summary.json}. */
  public static String defaultSummaryPath(String output, String runId) {
    return output.replaceAll("/+$", "") + "/runs/" + runId + "/summary.json";
  }

  /** The report's location: {@code report.html} beside the summary JSON. */
  public static String reportPathBeside(String summaryPath) {
    Path p = new Path(summaryPath);
    return new Path(p.getParent() == null ? new Path(".") : p.getParent(), "report.html")
        .toString();
  }

  /** Whether {@code path} exists; false when it cannot be checked (unreachable storage). */
  public static boolean exists(Configuration hadoop, String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(hadoop).exists(p);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Writes {@code content} to {@code path}, replacing it. */
  public static void write(Configuration hadoop, String path, byte[] content) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(hadoop);
    try (FSDataOutputStream out = fs.create(p, true)) {
      out.write(content);
    }
  }
}
