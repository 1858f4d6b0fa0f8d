package io.segmentation.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.coalesce;

import io.segmentation.config.JobConfig;
import io.segmentation.errors.Errors;
import io.segmentation.ingest.InvoiceColumns;
import io.segmentation.ingest.RejectReason;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  private RejectGuard() {}

  /**
   * Checks the verdict counts of a classified frame.
   *
   * @param classified the frame the counts come from (two sample values per reported rule are read
   *     from it: a small job each)
   * @return the warnings (empty when no rule passes {@code cleaning.warn-rejected-share})
   * @throws io.segmentation.errors.UserException exit 3 when the quarantined share passes {@code
   *     cleaning.max-rejected-share}
   */
  public static List<String> check(JobConfig config, long read, Map<String, Long> rejectedByRule, Dataset<Row> classified) {
    if (read == 0) {
      return List.of();
    }
    long rejected = rejectedByRule.values().stream().mapToLong(Long::longValue).sum();
    Map.Entry<String, Long> top =
        rejectedByRule.entrySet().stream().max(Map.Entry.comparingByValue()).orElse(Map.entry("", 0L));
    double share = (double) rejected / read;
    JobConfig.Cleaning rules = config.cleaning();
    if (share > rules.maxRejectedShare()) {
      List<String> samples = samples(classified, top.getKey());
      throw Errors.tooManyRejected(
          config.input().path(), read, share, rules.maxRejectedShare(), top.getKey(), (double) top.getValue() / read,
          samples, fix(config, top.getKey(), samples));
    }
    List<String> warnings = new ArrayList<>();
    for (Map.Entry<String, Long> rule : rejectedByRule.entrySet()) {
      double ruleShare = (double) rule.getValue() / read;
      if (rule.getValue() > 0 && ruleShare > rules.warnRejectedShare()) {
        List<String> samples = samples(classified, rule.getKey());
        warnings.add(Errors.rejectWarning(rule.getKey(), rule.getValue(), ruleShare, samples, fix(config, rule.getKey(), samples)));
      }
    }
    return warnings;
  }

  private static String fix(JobConfig config, String rule, List<String> samples) {
    return Errors.rejectFix(rule, samples, config.input().csv().decimalComma(), config.input().csv().delimiter());
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
    if (reason == null || reason.sampleColumn() == null || !columns.contains(reason.sampleColumn())) {
      return List.of();
    }
    Column value = col(reason.sampleColumn());
    if (reason.sampleColumn().equals(InvoiceColumns.UNIT_PRICE) && columns.contains(InvoiceColumns.LINE_AMOUNT)) {
      value = coalesce(value, col(InvoiceColumns.LINE_AMOUNT)); // order-line exports give the amount
    }
    Set<String> distinct = new LinkedHashSet<>();
    for (Row r : classified.where(col(InvoiceColumns.REJECT_REASON).equalTo(rule)).select(value).where(value.isNotNull()).limit(20).collectAsList()) {
      if (distinct.size() < SAMPLES) {
        distinct.add(r.getString(0));
      }
    }
    return List.copyOf(distinct);
  }
}
