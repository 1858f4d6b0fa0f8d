package io.segmentation.errors;

/**
 * An error the user can fix: bad usage, configuration, input or modelling constraints. Its message
 * is one sentence (what is wrong, where, how to fix it) and is printed without a stack trace. Build
 * instances through {@link Errors}, never directly, so every message keeps the same shape.
 */
public final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ExitCode exitCode;

  UserException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
