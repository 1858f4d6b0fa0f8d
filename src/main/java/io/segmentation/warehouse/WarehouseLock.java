package io.segmentation.warehouse;

import io.segmentation.errors.Errors;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run per warehouse: a lock file {@value #FILE} in the warehouse folder, created atomically
 * (O_EXCL on local disks, {@code create(overwrite=false)} on HDFS), naming the run id, host, pid
 * and start time of its owner. A second run fails with {@link Errors#warehouseBusy} (exit 5)
 * instead of interleaving its commits with the first. The owner refreshes the file's modification
 * time every {@link #HEARTBEAT}; a lock whose owner process is gone (same host) or that has not
 * been refreshed for {@link #STALE_AFTER} (a killed driver) is taken over. On object stores without
 * an atomic create the lock is best effort and Delta's optimistic concurrency is the backstop.
 */
public final class WarehouseLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WarehouseLock.class);
  public static final String FILE = "_run.lock";
  static final Duration HEARTBEAT = Duration.ofSeconds(20);
  static final Duration STALE_AFTER = Duration.ofMinutes(3);

  private final FileSystem fs;
  private final Path file;
  private final String token;
  private final boolean createdRoot;
  private final ScheduledExecutorService heartbeat;

  private WarehouseLock(FileSystem fs, Path file, String token, boolean createdRoot) {
    this.fs = fs;
    this.file = file;
    this.token = token;
    this.createdRoot = createdRoot;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "warehouse-lock-heartbeat");
              t.setDaemon(true);
              return t;
            });
    long every = HEARTBEAT.toMillis();
    heartbeat.scheduleAtFixedRate(this::touch, every, every, TimeUnit.MILLISECONDS);
  }

  /** Takes the warehouse's lock for {@code runId}, or fails with exit 5 naming the owner. */
  public static WarehouseLock acquire(Configuration conf, String root, String runId) {
    Path file = new Path(root, FILE);
    try {
      FileSystem fs = file.getFileSystem(conf);
      boolean createdRoot = !fs.exists(file.getParent());
      fs.mkdirs(file.getParent());
      String token = UUID.randomUUID().toString();
      byte[] content = owner(runId, token);
      for (int attempt = 0; attempt < 3; attempt++) {
        if (createExclusively(fs, file, content)) {
          return new WarehouseLock(fs, file, token, createdRoot);
        }
        Properties owner = read(fs, file);
        if (!isStale(fs, file, owner)) {
          throw busy(root, file, owner);
        }
        LOG.warn("taking over the stale lock {} ({})", file, owner);
        fs.delete(file, false);
      }
      throw busy(root, file, read(fs, file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the warehouse lock " + file, e);
    }
  }

  /**
   * Releases the lock if this run still owns it, and removes the warehouse folder again when this
   * run created it and wrote nothing (a run that fails early leaves no trace).
   */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      Properties owner = read(fs, file);
      if (owner != null && token.equals(owner.getProperty("token"))) {
        fs.delete(file, false);
      }
      Path root = file.getParent();
      if (createdRoot && fs.exists(root) && fs.listStatus(root).length == 0) {
        fs.delete(root, false);
      }
    } catch (IOException e) {
      LOG.warn("could not release the warehouse lock {}: {}", file, e.toString());
    }
  }

  private void touch() {
    try {
      fs.setTimes(file, System.currentTimeMillis(), -1);
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not refresh the warehouse lock {}: {}", file, e.toString());
    }
  }

  private static boolean createExclusively(FileSystem fs, Path file, byte[] content)
      throws IOException {
    if (fs instanceof LocalFileSystem local) {
      // Hadoop's local create checks existence and then creates: not atomic. A hard link is, and
      // publishes the complete content at once (readers never see an empty lock file).
      java.nio.file.Path p = local.pathToFile(file).toPath();
      java.nio.file.Path draft = Files.createTempFile(p.getParent(), FILE, ".draft");
      try {
        Files.write(draft, content);
        Files.createLink(p, draft);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } finally {
        Files.deleteIfExists(draft);
      }
    }
    try (OutputStream out = fs.create(file, false)) {
      out.write(content);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  /** The owner's properties; null when the file is gone or (after a few tries) incomplete. */
  private static Properties read(FileSystem fs, Path file) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Properties p = new Properties();
      try (InputStream in = fs.open(file)) {
        p.load(new ByteArrayInputStream(in.readAllBytes()));
      } catch (FileNotFoundException e) {
        return null;
      }
      if (p.getProperty("token") != null || attempt == 10) {
        return p.getProperty("token") == null ? null : p;
      }
      try {
        Thread.sleep(100); // being written by its owner (create, then write, then close)
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  /** Owner gone (same host, dead pid) or no heartbeat for STALE_AFTER; a vanished file is stale. */
  private static boolean isStale(FileSystem fs, Path file, Properties owner) throws IOException {
    if (owner != null && host().equals(owner.getProperty("host"))) {
      try {
        long pid = Long.parseLong(owner.getProperty("pid", "-1"));
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          return false;
        }
        return true;
      } catch (NumberFormatException e) {
        // fall through to the age check
      }
    }
    try {
      long age = System.currentTimeMillis() - fs.getFileStatus(file).getModificationTime();
      return age > STALE_AFTER.toMillis();
    } catch (FileNotFoundException e) {
      return true;
    }
  }

  private static RuntimeException busy(String root, Path file, Properties owner) {
    if (owner == null) {
      return Errors.warehouseBusy(
          root, "unknown", "unknown", "unknown", "unknown", file.toString());
    }
    return Errors.warehouseBusy(
        root,
        owner.getProperty("run_id"),
        owner.getProperty("host"),
        owner.getProperty("pid"),
        owner.getProperty("started"),
        file.toString());
  }

  private static byte[] owner(String runId, String token) {
    String text =
        "run_id="
            + runId
            + "\nhost="
            + host()
            + "\npid="
            + ProcessHandle.current().pid()
            + "\nstarted="
            + Instant.now()
            + "\ntoken="
            + token
            + "\n";
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
