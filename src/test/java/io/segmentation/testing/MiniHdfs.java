package io.segmentation.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS mini cluster (one namenode, one datanode, every port on 127.0.0.1), started within a
 * deadline. MiniDFSCluster waits for its datanode without a time limit; a start that hangs (seen
 * once in CI, after the other integration tests, never reproduced here) would hold the build until
 * CI kills it. Here a start that misses the deadline prints every thread's stack to stderr, so the
 * log shows where it stopped, and is tried once more on fresh folders and ports.
 */
public final class MiniHdfs {
  private static final Duration DEADLINE = Duration.ofMinutes(2);
  private static final int ATTEMPTS = 2;

  private MiniHdfs() {}

  public static MiniDFSCluster start(Path base) throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      Path dir = Files.createDirectories(base.resolve("dfs-" + attempt));
      ExecutorService starter =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "mini-hdfs-start-" + dir.getFileName());
                t.setDaemon(true);
                return t;
              });
      Future<MiniDFSCluster> started =
          starter.submit(
              () -> {
                MiniDFSCluster cluster =
                    new MiniDFSCluster.Builder(conf(), dir.toFile())
                        .numDataNodes(1)
                        .format(true)
                        .build();
                cluster.waitActive();
                return cluster;
              });
      try {
        return started.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        System.err.printf(
            "HDFS mini cluster: attempt %d of %d did not start within %s; thread dump follows%n",
            attempt, ATTEMPTS, DEADLINE);
        System.err.println(threadDump());
        started.cancel(true);
        if (attempt == ATTEMPTS) {
          throw new IOException(
              "HDFS mini cluster did not start within "
                  + DEADLINE
                  + " in "
                  + ATTEMPTS
                  + " attempts (thread dumps above)",
              e);
        }
      } catch (ExecutionException e) {
        throw new IOException("HDFS mini cluster failed to start", e.getCause());
      } finally {
        starter.shutdown();
      }
    }
  }

  private static Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    conf.setBoolean("dfs.permissions.enabled", false);
    return conf;
  }

  /** Every live thread's full stack (ThreadInfo.toString stops after eight frames). */
  static String threadDump() {
    StringBuilder dump = new StringBuilder();
    for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      dump.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState());
      if (t.getLockName() != null) {
        dump.append(" on ").append(t.getLockName());
      }
      if (t.getLockOwnerName() != null) {
        dump.append(" owned by \"").append(t.getLockOwnerName()).append('"');
      }
      dump.append('\n');
      for (StackTraceElement frame : t.getStackTrace()) {
        dump.append("    at ").append(frame).append('\n');
      }
    }
    return dump.toString();
  }
}
