package io.segmentation.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.segmentation.config.JobConfig;
import io.segmentation.errors.RejectErrors;
import io.segmentation.ingest.InputFiles;
import io.segmentation.ingest.InvoiceCleaner;
import io.segmentation.ingest.InvoiceReader;
import io.segmentation.ingest.RejectedSamples;
import io.segmentation.pipeline.RejectGuard;
import io.segmentation.schema.InvoiceColumns;
import io.segmentation.schema.RejectReason;
import io.segmentation.schema.SourceColumn;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code validate}: check configuration and input on a sample; writes nothing. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check the configuration and the input (path, column mapping, a parsed sample) and print what a run",
      "would do. Writes nothing. Applies the run's checks to the sample (no usable rows, guest sales only,",
      "cleaning.max-rejected-share) and exits with the code a run would: 0 when a run could start, 2/3",
      "with the reason otherwise; reject-share warnings go to stderr."
    })
final class ValidateCommand implements Callable<Integer> {
  @Mixin CommonOptions options;
  @Spec CommandSpec spec;

  @Option(
      names = "--sample",
      paramLabel = "ROWS",
      defaultValue = "10000",
      description = "Rows to parse as a sample (default: ${DEFAULT-VALUE}).")
  int sample;

  @Override
  public Integer call() {
    JobConfig config = options.load();
    options.runId();
    SparkSession spark = Sessions.getOrCreate("customer-segmentation validate");
    try (Sessions.LogLevel logs = Sessions.verbose(spark, options.verbose)) {
      InvoiceReader reader = new InvoiceReader(spark, config.input());
      Dataset<Row> raw = reader.read().limit(sample);
      Dataset<Row> classified =
          new InvoiceCleaner(config.input(), config.cleaning(), Instant.now())
              .classify(raw)
              .cache();
      List<Row> counts =
          classified
              .groupBy(col(InvoiceColumns.REJECT_REASON))
              .agg(count(lit(1)))
              .orderBy(col(InvoiceColumns.REJECT_REASON).asc_nulls_first())
              .collectAsList();
      // The checks a run makes after cleaning, on the sample: validate exits with the run's code.
      List<String> warnings = checkLikeARun(config, classified, counts);
      PrintWriter out = spec.commandLine().getOut();
      out.println("configuration OK");
      out.printf(
          Locale.ROOT,
          "  input            %s (%s, preset %s)%n",
          config.input().path(),
          config.input().format().sparkName(),
          config.input().preset().configName());
      printFiles(out, reader.files());
      out.printf(Locale.ROOT, "  output           %s%n", config.output().path());
      out.printf(Locale.ROOT, "  k                %s%n", config.model().kValues());
      out.printf(
          Locale.ROOT,
          "  kmeans features  %s (log1p: %s)%n",
          config.features().kmeans(),
          config.features().log1p().map(String::valueOf).orElse("default"));
      out.println("  column mapping   (canonical <- source)");
      for (SourceColumn c : SourceColumn.values()) {
        String source = reader.mapping().get(c);
        out.printf(
            Locale.ROOT,
            "    %-18s <- %s%n",
            c.canonical(),
            source == null ? "(not in the input)" : source);
      }
      long total = 0;
      for (Row r : counts) {
        total += r.getLong(1);
      }
      out.printf(Locale.ROOT, "  sample           %,d rows parsed%n", total);
      for (Row r : counts) {
        out.printf(
            Locale.ROOT, "    %-22s %,d%n", r.isNullAt(0) ? "clean" : r.getString(0), r.getLong(1));
        if (!r.isNullAt(0) && r.getString(0).equals(RejectReason.UNPARSEABLE_DATE.code())) {
          List<String> samples =
              RejectedSamples.of(
                  classified, RejectReason.UNPARSEABLE_DATE, InvoiceColumns.INVOICE_DATE);
          out.printf(
              Locale.ROOT,
              "      %s%n",
              RejectErrors.unparseableDatesDetail(
                  samples, config.input().csv().timestampPatterns()));
        }
      }
      classified.unpersist();
      out.println("validate wrote nothing.");
      out.flush();
      for (String warning : warnings) {
        spec.commandLine().getErr().println("warning: " + warning);
      }
      spec.commandLine().getErr().flush();
    }
    return 0;
  }

  /** The input's files, the first {@value #FILES_SHOWN} of them by name, and their total size. */
  private static void printFiles(PrintWriter out, List<InputFiles.InputFile> files) {
    out.printf(
        Locale.ROOT,
        "  files            %,d (%,.1f MB)%n",
        files.size(),
        InputFiles.totalBytes(files) / 1e6);
    files.stream()
        .limit(FILES_SHOWN)
        .forEach(f -> out.printf(Locale.ROOT, "    %s (%,d bytes)%n", f.path(), f.sizeBytes()));
    if (files.size() > FILES_SHOWN) {
      out.printf(Locale.ROOT, "    ... and %,d more%n", files.size() - FILES_SHOWN);
    }
  }

  private static final int FILES_SHOWN = 10;

  /**
   * No usable rows, only guest sales, or too many quarantined rows: the errors a run would stop
   * with (exit 3); otherwise the reject guard's warnings.
   */
  private static List<String> checkLikeARun(
      JobConfig config, Dataset<Row> classified, List<Row> counts) {
    long read = 0;
    long clean = 0;
    Map<String, Long> rejected = new LinkedHashMap<>();
    for (Row r : counts) {
      read += r.getLong(1);
      if (r.isNullAt(0)) {
        clean = r.getLong(1);
      } else {
        rejected.put(r.getString(0), r.getLong(1));
      }
    }
    long guests =
        classified
            .where(col(InvoiceColumns.REJECT_REASON).isNull().and(col(InvoiceColumns.IS_GUEST)))
            .count();
    return RejectGuard.check(config, read, clean, guests, rejected, classified);
  }
}
