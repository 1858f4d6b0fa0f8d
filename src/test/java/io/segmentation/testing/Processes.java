package io.segmentation.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Child processes for the integration tests: {@code submit.sh} runs, and servers (S3Proxy, Spark
 * master and workers) that a test starts on 127.0.0.1 and must stop, with all their children.
 */
public final class Processes {
  /** The project folder (where submit.sh and target/ are). */
  public static final Path PROJECT =
      Path.of(System.getProperty("project.dir", ".")).toAbsolutePath();

  private Processes() {}

  /** A finished process: exit code, stdout, stderr. */
  public record Result(int code, String out, String err) {
    /** The last non-empty line on stderr. */
    public String lastErrLine() {
      String[] lines = err.strip().split("\\R");
      return lines[lines.length - 1];
    }
  }

  /** Runs {@code ./submit.sh args} without SPARK_HOME, with {@code env} added, and waits for it. */
  public static Result submit(Map<String, String> env, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(PROJECT.resolve("submit.sh").toString());
    cmd.addAll(args);
    try {
      Path out = Files.createTempFile("submit", ".out");
      Path err = Files.createTempFile("submit", ".err");
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(PROJECT.toFile());
      pb.environment().remove("SPARK_HOME");
      pb.environment().putAll(env);
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      try {
        assertThat(p.waitFor(15, TimeUnit.MINUTES)).as("submit.sh %s finished", args).isTrue();
      } finally {
        stop(p);
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts a server process, its output going to {@code log}. */
  public static Process start(List<String> cmd, Map<String, String> env, Path log) {
    try {
      ProcessBuilder pb =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().remove("SPARK_HOME");
      pb.environment().putAll(env);
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until something listens on 127.0.0.1:port; fails early if the process dies. */
  public static void awaitPort(Process p, int port, Path log) {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (Instant.now().isBefore(deadline)) {
      assertThat(p.isAlive())
          .as("process listening on %d is alive; log %s:%n%s", port, log, tail(log))
          .isTrue();
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        sleep(250);
      }
    }
    throw new AssertionError(
        "nothing listens on 127.0.0.1:"
            + port
            + " after 3 minutes; log "
            + log
            + ":\n"
            + tail(log));
  }

  /** A port nobody listens on right now. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops a process and every process it started; null-safe. */
  public static void stop(Process p) {
    if (p == null) {
      return;
    }
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The JVM flags Spark 4 needs on Java 17 (the pom's spark.jvm.opens, as the test JVM got them).
   */
  public static List<String> sparkJvmOpens() {
    List<String> opens = new ArrayList<>();
    for (String arg :
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens")
          || arg.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
          || arg.startsWith("-Djdk.reflect")
          || arg.startsWith("-Dio.netty")) {
        opens.add(arg);
      }
    }
    return opens;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
