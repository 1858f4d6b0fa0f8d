package io.segmentation.reliability;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.TaskContext;

/**
 * Test-only Hadoop filesystem, scheme {@code flaky}: the local disk, except that the first file
 * opened inside a Spark task fails with an IOException, as a lost executor or a storage hiccup
 * would. "First" is recorded in the marker file named by {@code fs.flaky.marker} (created
 * atomically), so it holds across class loaders and lets the test check the failure happened.
 * Enable with {@code spark.hadoop.fs.flaky.impl=FlakyFileSystem}.
 */
public class FlakyFileSystem extends RawLocalFileSystem {
  public static final String MARKER_KEY = "fs.flaky.marker";

  @Override
  public URI getUri() {
    return URI.create("flaky:///");
  }

  @Override
  public String getScheme() {
    return "flaky";
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    failOnce(f);
    return super.open(f, bufferSize);
  }

  private void failOnce(Path f) throws IOException {
    String marker = getConf().get(MARKER_KEY);
    if (marker == null || TaskContext.get() == null) {
      return;
    }
    try {
      Files.writeString(java.nio.file.Path.of(marker), f.toString(), StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException alreadyFailedOnce) {
      return;
    }
    throw new IOException("injected failure: first read of " + f + " (flaky test filesystem)");
  }
}
