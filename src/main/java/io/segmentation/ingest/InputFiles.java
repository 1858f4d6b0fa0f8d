package io.segmentation.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * The files an input path stands for, as Spark's file sources read them: the matches of the path (a
 * file, a folder or a glob), folders walked depth first, hidden names ({@code _} or {@code .})
 * skipped, in path order. One listing serves the header checks and what a run reports.
 */
public final class InputFiles {
  private InputFiles() {}

  /** One input file: its qualified path, size in bytes and modification time (epoch millis). */
  public record InputFile(String path, long sizeBytes, long modifiedMillis) {}

  /** The files under {@code matches} (a glob's matches), in path order. */
  public static List<InputFile> list(Configuration conf, FileStatus[] matches) throws IOException {
    List<InputFile> files = new ArrayList<>();
    FileStatus[] sorted = matches.clone();
    Arrays.sort(sorted, Comparator.comparing(f -> f.getPath().toString()));
    for (FileStatus status : sorted) {
      if (status.isDirectory()) {
        FileSystem fs = status.getPath().getFileSystem(conf);
        FileStatus[] children =
            Arrays.stream(fs.listStatus(status.getPath()))
                .filter(c -> !hidden(c.getPath().getName()))
                .toArray(FileStatus[]::new);
        files.addAll(list(conf, children));
      } else if (!hidden(status.getPath().getName())) {
        files.add(
            new InputFile(
                status.getPath().toString(), status.getLen(), status.getModificationTime()));
      }
    }
    return files;
  }

  /** The total size of the files, for sizing partitions. */
  public static long totalBytes(List<InputFile> files) {
    return files.stream().mapToLong(InputFile::sizeBytes).sum();
  }

  private static boolean hidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }
}
