package io.segmentation.testing;

import io.segmentation.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and captures what it prints. */
public record Cli(int exitCode, String out, String err) {

  public static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Cli(code, out.toString(), err.toString());
  }

  /** The last non-empty line on stderr (where DESIGN.md puts the one-sentence error). */
  public String lastErrLine() {
    String[] lines = err.strip().split("\\R");
    return lines[lines.length - 1];
  }
}
