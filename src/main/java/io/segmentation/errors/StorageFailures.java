package io.segmentation.errors;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.util.VersionInfo;

/**
 * Recognises the storage failures a user can fix (a missing filesystem connector, an unreachable
 * endpoint) when a path is first touched, and turns them into one-line {@link Errors}. Anything
 * else is left to the caller.
 */
public final class StorageFailures {
  private StorageFailures() {}

  /**
   * The user-facing error for {@code failure} on {@code path}, or {@code null} when the failure is
   * not a missing connector or an unreachable service.
   */
  public static UserException classify(String path, Throwable failure, Configuration conf) {
    String scheme = scheme(path);
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UnsupportedFileSystemException
          || t instanceof ClassNotFoundException
          || t instanceof NoClassDefFoundError) {
        return Errors.noFileSystem(path, scheme, VersionInfo.getVersion());
      }
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException) {
        return Errors.storageUnreachable(path, scheme, endpoint(path, scheme, conf), oneLine(t));
      }
    }
    return null;
  }

  /**
   * What to throw for a failure on first touching {@code path}: the storage error when {@link
   * #classify} recognises it, {@code otherwise} (given the first line of the message) for other I/O
   * errors and bad paths, and anything else unchanged (an {@link Error} is rethrown here).
   */
  public static RuntimeException translate(
      String path,
      Throwable failure,
      Configuration conf,
      Function<String, UserException> otherwise) {
    UserException storage = classify(path, failure, conf);
    if (storage != null) {
      return storage;
    }
    if (failure instanceof IOException || failure instanceof IllegalArgumentException) {
      return otherwise.apply(Errors.firstLine(failure.getMessage()));
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return (RuntimeException) failure;
  }

  /** The S3 endpoint a path goes to: the bucket's own setting, else fs.s3a.endpoint. */
  private static String endpoint(String path, String scheme, Configuration conf) {
    if (!"s3a".equals(scheme)) {
      return path;
    }
    String bucket = new Path(path).toUri().getHost();
    String endpoint =
        conf.getTrimmed(
            "fs.s3a.bucket." + bucket + ".endpoint", conf.getTrimmed("fs.s3a.endpoint", ""));
    return endpoint.isEmpty() ? "(the AWS default for the bucket's region)" : endpoint;
  }

  private static String scheme(String path) {
    int colon = path.indexOf("://");
    return colon < 0 ? "file" : path.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  private static String oneLine(Throwable t) {
    return t.getClass().getSimpleName() + ": " + Errors.firstLine(t.getMessage());
  }
}
