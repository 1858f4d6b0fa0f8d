package io.segmentation.ingest;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.segmentation.config.JobConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The first record of each file of a CSV input, read on the driver through Hadoop's file system
 * (any storage, compressed files through their codec) and parsed with the parser Spark's CSV source
 * uses, with the same settings. Asking Spark for the header costs two Spark jobs and two listings
 * of the input, most of the read stage on an input of a few hundred daily files.
 *
 * <p>The input's header comes from the first file, in name order, that has a non-blank line; Spark
 * reads every file by position with that header's schema, so every other file must have the same
 * header ({@link InvoiceReader} checks it).
 */
final class HeaderLine {
  private HeaderLine() {}

  /**
   * The first non-blank record of each file that has one, in the files' order: the header check
   * compares them, and the first is the input's header.
   */
  static List<Record> records(
      Configuration conf, List<InputFiles.InputFile> files, JobConfig.Csv csv) throws IOException {
    List<Record> records = new ArrayList<>();
    for (InputFiles.InputFile file : files) {
      firstRecord(conf, new Path(file.path()), csv)
          .ifPresent(r -> records.add(new Record(file.path(), r)));
    }
    return records;
  }

  /** A file's first record. */
  record Record(String file, String[] fields) {}

  /**
   * Whether two header records name the same columns in the same order, ignoring case, surrounding
   * spaces and a UTF-8 byte order mark, as the column mapping does.
   */
  static boolean sameHeader(String[] a, String[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (!normalised(a[i]).equals(normalised(b[i]))) {
        return false;
      }
    }
    return true;
  }

  private static String normalised(String name) {
    return name == null ? "" : name.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Column names as Spark's CSV source makes them from a header record: blank names become {@code
   * _c<index>}, names that occur more than once (ignoring case) get their index appended; without a
   * header every column is {@code _c<index>}.
   */
  static List<String> columnNames(String[] record, boolean header) {
    List<String> names = new ArrayList<>();
    Map<String, Integer> counts = new HashMap<>();
    for (String value : record) {
      if (value != null && !value.isEmpty()) {
        counts.merge(value.toLowerCase(Locale.ROOT), 1, Integer::sum);
      }
    }
    for (int i = 0; i < record.length; i++) {
      String value = record[i];
      if (!header || value == null || value.isEmpty()) {
        names.add("_c" + i);
      } else if (counts.get(value.toLowerCase(Locale.ROOT)) > 1) {
        names.add(value + i);
      } else {
        names.add(value);
      }
    }
    return names;
  }

  private static Optional<String[]> firstRecord(Configuration conf, Path path, JobConfig.Csv csv)
      throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    try (InputStream raw = fs.open(path);
        InputStream in = codec == null ? raw : codec.createInputStream(raw);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, Charset.forName(csv.encoding())))) {
      CsvParser parser = new CsvParser(settings(csv));
      if (csv.multiLine()) {
        // A quoted header field may span lines, as Spark's multi-line mode parses it.
        parser.beginParsing(reader);
        String[] record = parser.parseNext();
        parser.stopParsing();
        return Optional.ofNullable(record);
      }
      // Line by line, blank lines skipped, as Spark's line-based CSV reading finds the header.
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.trim().isEmpty()) {
          return Optional.ofNullable(parser.parseLine(line));
        }
      }
      return Optional.empty();
    }
  }

  /** Spark's CSV parser settings (CSVOptions.asParserSettings) for the job's options. */
  private static CsvParserSettings settings(JobConfig.Csv csv) {
    CsvParserSettings settings = new CsvParserSettings();
    settings.getFormat().setDelimiter(csv.delimiter());
    settings.getFormat().setQuote(single(csv.quote()));
    settings.getFormat().setQuoteEscape(single(csv.escape()));
    settings.getFormat().setComment('\u0000');
    settings.setIgnoreLeadingWhitespaces(false);
    settings.setIgnoreTrailingWhitespaces(false);
    settings.setReadInputOnSeparateThread(false);
    settings.setMaxColumns(20480);
    settings.setMaxCharsPerColumn(-1);
    settings.setNullValue("");
    settings.setEmptyValue("");
    settings.setLineSeparatorDetectionEnabled(csv.multiLine());
    return settings;
  }

  /** A quote or escape option as a character; empty means none (Spark: {@code \u0000}). */
  private static char single(String option) {
    return option == null || option.isEmpty() ? '\u0000' : option.charAt(0);
  }
}
