package io.segmentation.cli;

import io.segmentation.clv.ClvFits;
import io.segmentation.clv.FitStatus;
import io.segmentation.model.KCandidate;
import io.segmentation.summary.RunSummary;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** Prints a run's short summary for people at a terminal. */
final class ConsoleReport {
  private ConsoleReport() {}

  static void print(RunSummary s, PrintWriter out, String summaryPath, String reportPath) {
    out.println();
    out.printf(
        Locale.ROOT,
        "customer-segmentation run %s %s in %.1f s%n",
        s.runId(),
        s.status(),
        s.durationSeconds());
    out.printf(Locale.ROOT, "  rows read          %,d%n", s.rowsRead());
    out.printf(
        Locale.ROOT,
        "  clean rows         %,d%s%n",
        s.rowsClean(),
        s.guestRows() > 0
            ? String.format(
                Locale.ROOT, " (%,d guest sales: in fact_sales, not segmented)", s.guestRows())
            : "");
    out.printf(
        Locale.ROOT, "  rejected rows      %,d%s%n", s.rowsRejected(), rules(s.rejectedByRule()));
    out.printf(Locale.ROOT, "  customer ids read  %,d%n", s.customerIdsRead());
    out.printf(Locale.ROOT, "  customers          %,d segmented%n", s.customers());
    StringBuilder tried = new StringBuilder();
    for (KCandidate c : s.candidates()) {
      tried.append(String.format(Locale.ROOT, " k=%d:%.3f", c.k(), c.silhouette()));
    }
    out.printf(
        Locale.ROOT,
        "  chosen k           %d (silhouette %.3f; tried%s): %s%n",
        s.chosen().k(),
        s.chosen().silhouette(),
        tried,
        s.kSearch().reason());
    out.println("  segments");
    for (RunSummary.SegmentLine seg : s.segments()) {
      out.printf(
          Locale.ROOT,
          "    %d  %-24s %,8d customers (%4.1f%%)%n",
          seg.key(),
          seg.name(),
          seg.customers(),
          seg.share() * 100);
    }
    if (s.clv() != null) {
      out.printf(Locale.ROOT, "  lifetime value     %s%n", clvLine(s.clv()));
    }
    out.println("  tables (Delta)");
    for (Map.Entry<String, RunSummary.TableLine> t : s.tables().entrySet()) {
      out.printf(
          Locale.ROOT,
          "    %-16s %s (version %d)%n",
          t.getKey(),
          t.getValue().path(),
          t.getValue().version());
    }
    out.printf(Locale.ROOT, "  model              %s%n", s.modelPath());
    if (summaryPath != null) {
      out.printf(Locale.ROOT, "  summary JSON       %s%n", summaryPath);
    }
    if (reportPath != null) {
      out.printf(Locale.ROOT, "  report             %s%n", reportPath);
    }
    out.flush();
  }

  /** One line: the model and status, the fitted parameters, the holdout error. */
  private static String clvLine(ClvFits f) {
    if (f.purchases().status() == FitStatus.DISABLED) {
      return "disabled (clv.enabled = false)";
    }
    StringBuilder sb = new StringBuilder(f.model().configName()).append(' ').append(f.status());
    f.purchases()
        .parameters()
        .ifPresent(
            p ->
                sb.append(
                    String.format(
                        Locale.ROOT,
                        " (r=%.3g alpha=%.3g a=%.3g b=%.3g)",
                        p.r(),
                        p.alpha(),
                        p.a(),
                        p.b())));
    f.orderValues()
        .parameters()
        .ifPresent(
            g ->
                sb.append(
                    String.format(
                        Locale.ROOT,
                        ", Gamma-Gamma p=%.3g q=%.3g gamma=%.3g",
                        g.p(),
                        g.q(),
                        g.gamma())));
    f.holdoutMae()
        .ifPresent(
            mae ->
                sb.append(
                    String.format(
                        Locale.ROOT,
                        ", holdout MAE %.3f over %d days",
                        mae,
                        f.holdoutDays().orElse(0))));
    return sb.toString();
  }

  private static String rules(Map<String, Long> byRule) {
    StringBuilder sb = new StringBuilder();
    byRule.forEach(
        (rule, n) -> {
          if (n > 0) {
            sb.append(sb.length() == 0 ? " (" : ", ")
                .append(rule)
                .append(' ')
                .append(String.format(Locale.ROOT, "%,d", n));
          }
        });
    return sb.length() == 0 ? "" : sb.append(')').toString();
  }
}
