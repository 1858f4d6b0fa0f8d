package io.segmentation.pipeline;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Frames that several stages reuse, persisted (memory, spilling to disk) while a run needs them and
 * unpersisted together, newest first, when it closes: a try-with-resources block instead of nested
 * persist/try/finally.
 */
final class CachedFrames implements AutoCloseable {
  private final Deque<Dataset<Row>> frames = new ArrayDeque<>();

  /** Persists {@code frame} (lazily: the first action fills the cache) and returns it. */
  Dataset<Row> keep(Dataset<Row> frame) {
    Dataset<Row> kept = frame.persist(StorageLevel.MEMORY_AND_DISK());
    frames.push(kept);
    return kept;
  }

  @Override
  public void close() {
    while (!frames.isEmpty()) {
      frames.pop().unpersist();
    }
  }
}
