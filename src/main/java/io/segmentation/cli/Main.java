package io.segmentation.cli;

import io.segmentation.errors.ExitCode;
import io.segmentation.errors.UserException;
import io.segmentation.warehouse.JobVersion;
import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point: parses the command line and hands over to a command. Exit codes follow DESIGN.md: 0
 * success, 2 usage/configuration, 3 input, 4 modelling, 5 warehouse busy, 1 unexpected (stack trace
 * in the log).
 */
@Command(
    name = "customer-segmentation",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {
      RunCommand.class,
      ScoreCommand.class,
      ValidateCommand.class,
      GenerateCommand.class
    },
    description =
        "Turns raw e-commerce invoices into named customer segments and a Delta star schema for Power BI.",
    footer = {
      "",
      "Exit codes: 0 success, 2 usage or configuration error, 3 input error, 4 modelling error,"
          + " 5 another run is writing the warehouse, 1 unexpected failure.",
      "Run 'COMMAND --help' for the options of a command."
    })
public final class Main implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: run, score, validate or generate.");
  }

  public static void main(String[] args) {
    int code = execute(args);
    scala.Option<SparkSession> session = SparkSession.getDefaultSession();
    if (session.isDefined()) {
      session.get().stop();
    }
    System.exit(code);
  }

  /** Runs the command line and returns the exit code (no System.exit: usable from tests). */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** As {@link #execute(String...)}, printing to the given writers. */
  public static int execute(PrintWriter stdout, PrintWriter stderr, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(stdout);
    cli.setErr(stderr);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          UserException user = findUserException(e);
          if (user != null) {
            err.println("error: " + user.getMessage());
            err.flush();
            return user.exitCode().code();
          }
          LOG.error("unexpected failure", e);
          err.println(
              "error: unexpected failure (a bug): " + e + "; the stack trace is in the log above.");
          err.flush();
          return ExitCode.BUG.code();
        });
    cli.setParameterExceptionHandler(
        (e, args2) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println("error: " + e.getMessage() + " (see --help)");
          err.flush();
          return ExitCode.USAGE.code();
        });
    return cli.execute(args);
  }

  private static UserException findUserException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UserException u) {
        return u;
      }
    }
    return null;
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"customer-segmentation " + JobVersion.get()};
    }
  }
}
