package io.segmentation.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a batch of independent tables at the same time. Each Delta write is mostly fixed driver
 * work (planning, the commit, the new snapshot) around a little data, so on a small run writes made
 * one after the other spend most of their time waiting. The batch waits for every write, then
 * rethrows the first failure, so a rollback sees every table the batch changed. Threads start
 * inside the caller's Spark job group.
 */
final class TableBatch {
  /** At most this many tables are written at once. */
  static final int THREADS = 6;

  private TableBatch() {}

  static void run(Runnable... writes) {
    if (writes.length == 1) {
      writes[0].run();
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(THREADS, writes.length),
            r -> {
              Thread t = new Thread(r, "table-writer");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Runnable w : writes) {
        futures.add(pool.submit(w));
      }
      Throwable first = null;
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable failure = e.getCause();
          if (first == null) {
            first = failure;
          } else {
            first.addSuppressed(failure);
          }
        }
      }
      if (first != null) {
        TableBatch.<RuntimeException>rethrow(first);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the tables", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Rethrows the write's own exception (Spark's checked AnalysisException included) unchanged. */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void rethrow(Throwable t) throws T {
    throw (T) t;
  }
}
