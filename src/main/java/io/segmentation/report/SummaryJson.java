package io.segmentation.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segmentation.clv.ClvFits;
import io.segmentation.clv.GammaGammaParameters;
import io.segmentation.clv.HoldoutCheck;
import io.segmentation.clv.NbdParameters;
import io.segmentation.history.DriftReport;
import io.segmentation.model.KCandidate;
import io.segmentation.schema.RejectReason;
import io.segmentation.summary.RunSummary;
import io.segmentation.summary.StageTimer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The run summary JSON (docs/tables.md, "Run summary JSON"): what a scheduler or a person needs to
 * know about a run without reading the tables. Built with Jackson; keys are snake_case and stable
 * ({@link #SCHEMA_VERSION} changes when a key changes meaning or disappears).
 *
 * <p>Counts reconcile: {@code rows.read = rows.clean + rows.rejected + rows.duplicates_dropped},
 * where {@code rows.rejected} counts every quarantine rule except {@code duplicate_row}; {@code
 * rows.guest_sales} of the clean rows have no customer id (in fact_sales, not segmented).
 */
public final class SummaryJson {
  public static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SummaryJson() {}

  /** Extra facts about the run that are not part of {@link RunSummary} itself. */
  public record Context(String jobVersion, String sparkVersion, String config, String reportPath) {}

  /** The JSON of a successful run. */
  public static String succeeded(RunSummary s, Context c) {
    ObjectNode root = head(s.runId(), s.status(), 0, null, s.startedAt(), s.finishedAt(), c);
    root.put("input_path", s.inputPath());
    root.put("reference_date", s.referenceDate());
    ArrayNode stages = root.putArray("stages");
    for (Map.Entry<String, StageTimer.StageLine> e : s.stages().entrySet()) {
      stages
          .addObject()
          .put("name", e.getKey())
          .put("seconds", round(e.getValue().seconds()))
          .put("spark_jobs", e.getValue().sparkJobs())
          .put("detail", e.getValue().detail());
    }
    long duplicates = s.rejectedByRule().getOrDefault(RejectReason.DUPLICATE_ROW.code(), 0L);
    ObjectNode rows = root.putObject("rows");
    rows.put("read", s.rowsRead())
        .put("clean", s.rowsClean())
        .put("guest_sales", s.guestRows())
        .put("rejected", s.rowsRejected() - duplicates)
        .put("duplicates_dropped", duplicates);
    ObjectNode byRule = rows.putObject("rejected_by_rule");
    s.rejectedByRule().forEach(byRule::put);
    ArrayNode warnings = root.putArray("warnings");
    s.warnings().forEach(warnings::add);
    root.putObject("customers")
        .put("ids_read", s.customerIdsRead())
        .put("segmented", s.customers());
    ObjectNode model = root.putObject("model");
    ArrayNode features = model.putArray("features");
    s.features().forEach(features::add);
    ArrayNode tried = model.putArray("k_tried");
    for (KCandidate k : s.candidates()) {
      tried
          .addObject()
          .put("k", k.k())
          .put("silhouette", round(k.silhouette()))
          .put("wssse", round(k.wssse()))
          .put("smallest_segment_share", round(k.smallestShare()))
          .put("chosen", k.k() == s.chosen().k());
    }
    model
        .put("k_chosen", s.chosen().k())
        .put("silhouette", round(s.chosen().silhouette()))
        .put("k_changed", s.kSearch().changed())
        .put("k_reason", s.kSearch().reason())
        .put("path", s.modelPath());
    s.kSearch()
        .previousK()
        .ifPresentOrElse(k -> model.put("k_previous", k), () -> model.putNull("k_previous"));
    ArrayNode segments = root.putArray("segments");
    for (RunSummary.SegmentLine seg : s.segments()) {
      segments
          .addObject()
          .put("cluster_key", seg.key())
          .put("name", seg.name())
          .put("customers", seg.customers())
          .put("share", round(seg.share()))
          .put("description", seg.description())
          .put("recommended_actions", seg.recommendedActions());
    }
    drift(root, s.drift());
    clv(root, s.clv());
    ObjectNode tables = root.putObject("tables");
    s.tables()
        .forEach(
            (name, t) -> tables.putObject(name).put("path", t.path()).put("version", t.version()));
    root.put("config", c.config());
    return write(root);
  }

  /**
   * Identity and drift against the previous successful run (docs/tables.md, "Run summary JSON"):
   * figures that do not apply (first run) are null.
   */
  private static void drift(ObjectNode root, DriftReport d) {
    if (d == null) {
      return;
    }
    ObjectNode n = root.putObject("drift");
    n.put("previous_run_id", d.previousRunId())
        .put("segments_continuing", d.continuing())
        .put("segments_new", d.created())
        .put("segments_retired", d.retired())
        .put("drift_alert", d.alert());
    number(n, "max_centroid_shift", d.maxCentroidShift());
    number(n, "max_share_change", d.maxShareChange());
    number(n, "silhouette_change", d.silhouetteChange());
    number(n, "changed_segment_share", d.changedShare());
    number(n, "max_psi", d.maxPsi());
    ObjectNode psi = n.putObject("psi");
    d.psi().forEach((f, v) -> number(psi, f, v));
    ArrayNode segments = n.putArray("segments");
    for (DriftReport.SegmentLine l : d.segments()) {
      ObjectNode o =
          segments
              .addObject()
              .put("cluster_key", l.key())
              .put("name", l.name())
              .put("status", l.status());
      if (l.previousKey() == null) {
        o.putNull("previous_cluster_key");
      } else {
        o.put("previous_cluster_key", l.previousKey());
      }
      number(o, "centroid_shift", l.centroidShift());
      number(o, "previous_share", l.previousShare());
      number(o, "share", l.share());
    }
  }

  /**
   * The lifetime-value fits, with the fields of the clv_model table (docs/tables.md, "Run summary
   * JSON"): figures a fit did not produce are null.
   */
  private static void clv(ObjectNode root, ClvFits f) {
    if (f == null) {
      return;
    }
    ObjectNode n = root.putObject("clv");
    n.put("model", f.model().configName())
        .put("time_unit", ClvFits.TIME_UNIT)
        .put("customers", f.fitCustomers());
    Optional<NbdParameters> p = f.purchases().parameters();
    number(n, "r", p.map(NbdParameters::r).orElse(Double.NaN));
    number(n, "alpha", p.map(NbdParameters::alpha).orElse(Double.NaN));
    number(n, "a", p.map(NbdParameters::a).orElse(Double.NaN));
    number(n, "b", p.map(NbdParameters::b).orElse(Double.NaN));
    number(n, "log_likelihood", f.purchases().logLikelihood().orElse(Double.NaN));
    Optional<GammaGammaParameters> g = f.orderValues().parameters();
    number(n, "gg_p", g.map(GammaGammaParameters::p).orElse(Double.NaN));
    number(n, "gg_q", g.map(GammaGammaParameters::q).orElse(Double.NaN));
    number(n, "gg_gamma", g.map(GammaGammaParameters::gamma).orElse(Double.NaN));
    number(n, "gg_log_likelihood", f.orderValues().logLikelihood().orElse(Double.NaN));
    n.put("gg_customers", f.orderValues().customers());
    f.holdoutDays().ifPresentOrElse(d -> n.put("holdout_days", d), () -> n.putNull("holdout_days"));
    number(n, "holdout_mae", f.holdoutMae().orElse(Double.NaN));
    n.put("status", f.status()).put("message", f.message());
    ArrayNode buckets = n.putArray("holdout_buckets");
    for (HoldoutCheck.FrequencyBucket b : f.buckets()) {
      buckets
          .addObject()
          .put("repeat_purchases", b.label())
          .put("customers", b.customers())
          .put("actual_mean", round(b.actualMean()))
          .put("predicted_mean", round(b.predictedMean()));
    }
  }

  private static void number(ObjectNode n, String key, double v) {
    if (Double.isFinite(v)) {
      n.put(key, round(v));
    } else {
      n.putNull(key);
    }
  }

  /** The JSON of a failed run: status, exit code and the one-line error. */
  public static String failed(
      String runId, int exitCode, String error, Instant started, Context c) {
    return write(
        head(runId, "failed", exitCode, error, started, Instant.now(), c)
            .put("config", c.config()));
  }

  private static ObjectNode head(
      String runId,
      String status,
      int exitCode,
      String error,
      Instant started,
      Instant finished,
      Context c) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schema_version", SCHEMA_VERSION)
        .put("run_id", runId)
        .put("status", status)
        .put("exit_code", exitCode)
        .put("error", error)
        .put("started_at", started.toString())
        .put("finished_at", finished.toString())
        .put("duration_seconds", round((finished.toEpochMilli() - started.toEpochMilli()) / 1000.0))
        .put("job_version", c.jobVersion())
        .put("spark_version", c.sparkVersion())
        .put("report_path", c.reportPath());
    return root;
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1e6) / 1e6 : 0.0;
  }

  private static String write(ObjectNode root) {
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the run summary", e);
    }
  }
}
