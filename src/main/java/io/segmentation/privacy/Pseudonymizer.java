package io.segmentation.privacy;

import static org.apache.spark.sql.functions.*;

import io.segmentation.config.JobConfig;
import io.segmentation.errors.Errors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Replaces customer ids with a keyed hash, HMAC-SHA256(key, id) as 64 hex digits, right after
 * reading, so no output table, log line or summary ever sees a raw id. The key comes from the
 * environment variable named by {@code privacy.key-env} (or a JVM system property of that name),
 * never from the configuration file; the same id and key always give the same pseudonym, so runs
 * stay comparable. Computed with Spark's built-in {@code sha2}, {@code concat} and {@code unhex}
 * (HMAC = H((K xor opad) || H((K xor ipad) || id))): no UDF, and the key never leaves the driver
 * except as the two padded blocks in the plan.
 */
public final class Pseudonymizer {
  private static final int BLOCK = 64;
  private final byte[] innerPad;
  private final byte[] outerPad;

  private Pseudonymizer(byte[] key) {
    byte[] k = key.length > BLOCK ? sha256(key) : key;
    innerPad = new byte[BLOCK];
    outerPad = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      byte b = i < k.length ? k[i] : 0;
      innerPad[i] = (byte) (b ^ 0x36);
      outerPad[i] = (byte) (b ^ 0x5c);
    }
  }

  /** The pseudonymizer of the run, or null when {@code privacy.pseudonymize-customer-id} is off. */
  public static Pseudonymizer of(JobConfig.Privacy privacy) {
    if (!privacy.pseudonymize()) {
      return null;
    }
    String key = System.getenv(privacy.keyEnv());
    if (key == null || key.isEmpty()) {
      key = System.getProperty(privacy.keyEnv());
    }
    if (key == null || key.length() < 16) {
      throw Errors.pseudonymKeyMissing(privacy.keyEnv(), key == null ? 0 : key.length());
    }
    return new Pseudonymizer(key.getBytes(StandardCharsets.UTF_8));
  }

  /** HMAC-SHA256 of the id's UTF-8 bytes as lower-case hex; null stays null. */
  public Column pseudonym(Column id) {
    Column inner =
        sha2(concat(lit(innerPad), id.cast(DataTypes.StringType).cast(DataTypes.BinaryType)), 256);
    return when(id.isNotNull(), sha2(concat(lit(outerPad), unhex(inner)), 256));
  }

  /**
   * Applies the run's privacy settings to a frame just read: the id column pseudonymised and {@code
   * rawRecordColumn} (the whole text of malformed lines, which may hold any personal data) emptied.
   * Without pseudonymisation the frame is returned as it is.
   */
  public static Dataset<Row> protect(
      Pseudonymizer p, Dataset<Row> df, String idColumn, String rawRecordColumn) {
    if (p == null) {
      return df;
    }
    Dataset<Row> out = df.withColumn(idColumn, p.pseudonym(col(idColumn)));
    if (rawRecordColumn != null && List.of(df.columns()).contains(rawRecordColumn)) {
      out = out.withColumn(rawRecordColumn, lit(null).cast(DataTypes.StringType));
    }
    return out;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
