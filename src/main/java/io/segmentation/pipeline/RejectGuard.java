package io.segmentation.pipeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;

import io.segmentation.config.JobConfig;
import io.segmentation.errors.RejectErrors;
import io.segmentation.errors.UserException;
import io.segmentation.ingest.RejectedSamples;
import io.segmentation.schema.InvoiceColumns;
import io.segmentation.schema.RejectReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Stops a run whose input is mostly quarantined (almost always a setting, not the data: a decimal
 * comma, a delimiter, a date pattern, the wrong preset) and warns about a single rule that
 * quarantines a large share. {@code run} and {@code validate} apply the same check, so validate
 * exits with the code the run would.
 */
public final class RejectGuard {
  private static final int SAMPLES = 2;
  private static final String SAMPLE = "_sample";

  private RejectGuard() {}

  /**
   * Checks the verdict counts of a classified frame as a run does after cleaning.
   *
   * @param clean valid sales, guests included
   * @param guests valid sales without a customer id
   * @param classified the frame the counts come from (a few sample values per reported rule are
   *     read from it: a small job each)
   * @return the warnings (empty when no rule passes {@code cleaning.warn-rejected-share})
   * @throws UserException exit 3 when no row is usable (the error names the main rule; for dates,
   *     sample values and the patterns tried), when every valid sale is a guest's, or when the
   *     quarantined share passes {@code cleaning.max-rejected-share}
   */
  public static List<String> check(
      JobConfig config,
      long read,
      long clean,
      long guests,
      Map<String, Long> rejectedByRule,
      Dataset<Row> classified) {
    String path = config.input().path();
    Map.Entry<String, Long> top =
        rejectedByRule.entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .orElse(Map.entry("", 0L));
    if (clean == 0) {
      if (read > 0 && top.getKey().equals(RejectReason.UNPARSEABLE_DATE.code())) {
        throw RejectErrors.unparseableDates(
            path,
            read,
            top.getValue(),
            RejectedSamples.of(
                classified, RejectReason.UNPARSEABLE_DATE, InvoiceColumns.INVOICE_DATE),
            config.input().csv().timestampPatterns());
      }
      throw RejectErrors.noUsableRows(path, read, top.getKey(), top.getValue());
    }
    if (clean == guests) {
      throw RejectErrors.onlyGuestSales(path, guests);
    }
    long rejected = rejectedByRule.values().stream().mapToLong(Long::longValue).sum();
    double share = (double) rejected / read;
    JobConfig.Cleaning rules = config.cleaning();
    if (share > rules.maxRejectedShare()) {
      List<String> samples = samples(classified, top.getKey());
      throw RejectErrors.tooManyRejected(
          path,
          read,
          share,
          rules.maxRejectedShare(),
          top.getKey(),
          (double) top.getValue() / read,
          samples,
          fix(config, top.getKey(), samples));
    }
    List<String> warnings = new ArrayList<>();
    for (Map.Entry<String, Long> rule : rejectedByRule.entrySet()) {
      double ruleShare = (double) rule.getValue() / read;
      if (rule.getValue() > 0 && ruleShare > rules.warnRejectedShare()) {
        List<String> samples = samples(classified, rule.getKey());
        warnings.add(
            RejectErrors.rejectWarning(
                rule.getKey(),
                rule.getValue(),
                ruleShare,
                samples,
                fix(config, rule.getKey(), samples)));
      }
    }
    return warnings;
  }

  /** {@link #check} of a run's own verdict counts. */
  static List<String> check(JobConfig config, Quality quality, Dataset<Row> classified) {
    return check(
        config,
        quality.rowsRead(),
        quality.rowsClean(),
        quality.guestRows(),
        quality.rejectedByRule(),
        classified);
  }

  private static String fix(JobConfig config, String rule, List<String> samples) {
    return RejectErrors.rejectFix(
        rule, samples, config.input().csv().decimalComma(), config.input().csv().delimiter());
  }

  /** Up to two distinct raw values of the rule's telling column (none when the frame lacks it). */
  private static List<String> samples(Dataset<Row> classified, String rule) {
    RejectReason reason = null;
    for (RejectReason r : RejectReason.values()) {
      if (r.code().equals(rule)) {
        reason = r;
      }
    }
    List<String> columns = List.of(classified.columns());
    if (reason == null
        || reason.sampleColumn() == null
        || !columns.contains(reason.sampleColumn())) {
      return List.of();
    }
    Column value = col(reason.sampleColumn());
    if (reason.sampleColumn().equals(InvoiceColumns.UNIT_PRICE)
        && columns.contains(InvoiceColumns.LINE_AMOUNT)) {
      value =
          coalesce(value, col(InvoiceColumns.LINE_AMOUNT)); // order-line exports give the amount
    }
    Dataset<Row> rows =
        classified.where(col(InvoiceColumns.REJECT_REASON).equalTo(rule)).withColumn(SAMPLE, value);
    List<String> samples = RejectedSamples.of(rows, SAMPLE);
    return samples.subList(0, Math.min(SAMPLES, samples.size()));
  }
}
