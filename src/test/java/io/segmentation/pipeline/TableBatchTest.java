package io.segmentation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class TableBatchTest {
  @Test
  void writesRunAtTheSameTime() {
    // Each write waits until three have started: only concurrent writes get past the latch.
    CountDownLatch started = new CountDownLatch(3);
    AtomicInteger done = new AtomicInteger();
    Runnable write =
        () -> {
          started.countDown();
          try {
            assertThat(started.await(20, TimeUnit.SECONDS))
                .as("three writes running at once")
                .isTrue();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          done.incrementAndGet();
        };
    TableBatch.run(write, write, write);
    assertThat(done).hasValue(3);
  }

  @Test
  void aFailureIsRethrownUnchangedAfterEveryOtherWriteFinished() {
    Set<String> done = ConcurrentHashMap.newKeySet();
    Exception checked =
        new Exception("[DELTA_CONCURRENT_WRITE] checked, as Spark's AnalysisException");
    Throwable thrown =
        catchThrowable(
            () ->
                TableBatch.run(
                    () -> sneaky(checked),
                    () -> {
                      sleep(300);
                      done.add("slow");
                    },
                    () -> done.add("fast"),
                    () -> {
                      throw new IllegalArgumentException("second failure");
                    }));
    assertThat(thrown).isSameAs(checked);
    assertThat(thrown.getSuppressed())
        .singleElement()
        .satisfies(s -> assertThat(s).hasMessage("second failure"));
    assertThat(done).containsExactlyInAnyOrder("slow", "fast");
  }

  @Test
  void oneWriteRunsOnTheCallersThread() {
    Thread caller = Thread.currentThread();
    Thread[] ran = new Thread[1];
    TableBatch.run(() -> ran[0] = Thread.currentThread());
    assertThat(ran[0]).isSameAs(caller);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneaky(Throwable t) throws T {
    throw (T) t;
  }
}
