package io.segmentation.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link DeltaWriter} needs to know and do about a table's folder, answered from the file
 * system alone (one listing, no Spark job): whether it exists, its latest committed version, and
 * the clean-up of folders a killed or failed run left behind.
 */
public final class TableFiles {
  private static final Logger LOG = LoggerFactory.getLogger(TableFiles.class);
  private final Configuration conf;

  public TableFiles(Configuration conf) {
    this.conf = conf;
  }

  boolean exists(String path) {
    try {
      Path folder = new Path(path);
      return folder.getFileSystem(conf).exists(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A table this run created (its folder did not exist) is removed, as the run found it. */
  boolean removeCreated(String path) throws IOException {
    Path folder = new Path(path);
    FileSystem fs = folder.getFileSystem(conf);
    if (!fs.exists(folder)) {
      return false;
    }
    fs.delete(folder, true);
    LOG.warn("removed {}: the failed run created it", path);
    return true;
  }

  /**
   * A driver killed while creating a table can leave a {@code _delta_log} folder without any commit
   * (empty, or with a temporary file), which no reader sees as a table. It holds no data and no
   * version, so it is removed before the table is created (the run holds the warehouse lock).
   */
  void removeUncommittedLog(String path) {
    try {
      Path log = new Path(path, "_delta_log");
      FileSystem fs = log.getFileSystem(conf);
      if (!fs.exists(log) || !fs.getFileStatus(log).isDirectory()) {
        return;
      }
      for (FileStatus f : fs.listStatus(log)) {
        if (f.getPath().getName().matches("\\d+\\.(json|checkpoint.*\\.parquet)")) {
          return; // a real log: leave it to Delta
        }
      }
      LOG.warn(
          "removing {}: it holds no Delta commit (left by a run killed while creating the table)",
          log);
      fs.delete(log, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The table's latest committed version, from the names of its commit files ({@code
   * _delta_log/00000000000000000012.json}): one directory listing, no Spark job (history() would
   * start one per call, twice per table and run). -1 when the folder holds no commit.
   */
  public long latestVersion(String tablePath) {
    try {
      Path log = new Path(tablePath, "_delta_log");
      FileSystem fs = log.getFileSystem(conf);
      if (!fs.exists(log)) {
        return -1;
      }
      long latest = -1;
      for (FileStatus f : fs.listStatus(log)) {
        String name = f.getPath().getName();
        if (name.matches("\\d{20}\\.json")) {
          latest = Math.max(latest, Long.parseLong(name.substring(0, 20)));
        }
      }
      return latest;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
