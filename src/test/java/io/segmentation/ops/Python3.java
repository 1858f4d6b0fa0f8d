package io.segmentation.ops;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs python3 scripts from tests; skips the calling test (loudly) where python3 is missing. */
final class Python3 {
  private Python3() {}

  /** Exit code and what the script printed. */
  record Result(int code, String out, String err) {
    /** The last non-empty line on stdout. */
    String lastLine() {
      String[] lines = out.strip().split("\\R");
      return lines[lines.length - 1];
    }
  }

  /** Whether python3 is on the PATH. */
  static boolean present() {
    try {
      return exec(List.of("python3", "--version")).code() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Skips the calling test, with a warning on stderr, when python3 is not on the PATH. */
  static void assumePresent(String what) {
    boolean present = present();
    if (!present) {
      System.err.println("WARNING: SKIPPING " + what + ": python3 is not on the PATH");
    }
    assumeTrue(present, "python3 is not on the PATH: " + what + " skipped");
  }

  /** python3 with these arguments; fails the test after 120 s. */
  static Result run(List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add("python3");
    cmd.addAll(args);
    return exec(cmd);
  }

  private static Result exec(List<String> cmd) throws IOException {
    Path out = Files.createTempFile("python-out", ".txt");
    Path err = Files.createTempFile("python-err", ".txt");
    try {
      Process p =
          new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(cmd + " did not finish in 120 s");
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + cmd, e);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
