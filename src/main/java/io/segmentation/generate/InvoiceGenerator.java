package io.segmentation.generate;

import io.segmentation.generate.Catalog.Line;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Deterministic synthetic invoices in the UCI Online Retail layout, with planted customer {@link
 * Archetype}s and the quirks of real exports: guest purchases without a customer id, cancellations
 * with a {@code C} prefix, postage lines, exact duplicate lines, quoted commas. Writes one CSV per
 * month under {@code OUT/invoices/} and each customer's archetype to {@code
 * OUT/ground_truth/customers.csv}. The same seed and size give byte-identical files.
 */
public final class InvoiceGenerator {
  public static final String HEADER =
      "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
  public static final String INVOICES_DIR = "invoices";
  public static final String GROUND_TRUTH = "ground_truth/customers.csv";
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final String[] COUNTRIES = {
    "France",
    "Germany",
    "EIRE",
    "Spain",
    "Netherlands",
    "Belgium",
    "Switzerland",
    "Portugal",
    "Australia",
    "Norway"
  };

  private final int customers;
  private final long seed;
  private final LocalDate start;
  private final LocalDate end;

  /** Summary of what was written. */
  public record Summary(int customers, long lines, int files) {}

  public InvoiceGenerator(int customers, long seed, LocalDate start, LocalDate end) {
    this.customers = customers;
    this.seed = seed;
    this.start = start;
    this.end = end;
  }

  private record Invoice(
      LocalDateTime ts,
      String customerId,
      String country,
      boolean cancellation,
      List<Line> lines) {}

  /** Generates and writes the data set under {@code out} (any Hadoop path). */
  public Summary write(String out, Configuration conf) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Line> catalog = Catalog.of(rnd);
    List<Invoice> invoices = new ArrayList<>();
    StringBuilder truth = new StringBuilder("customer_id,archetype\n");
    long days = ChronoUnit.DAYS.between(start, end);
    for (int i = 0; i < customers; i++) {
      Archetype a = archetype(i);
      String id = String.valueOf(12346 + i);
      String country =
          rnd.nextDouble() < 0.85 ? "United Kingdom" : COUNTRIES[rnd.nextInt(COUNTRIES.length)];
      truth.append(id).append(',').append(a.label()).append('\n');
      plant(a, id, country, days, catalog, rnd, invoices);
    }
    // Guest purchases: no customer id.
    for (int g = 0; g < customers / 10; g++) {
      invoices.add(
          new Invoice(
              at(rnd, rnd.nextLong(days + 1)),
              "",
              "United Kingdom",
              false,
              Catalog.basket(catalog, rnd, 1, 4, 1, 6)));
    }
    invoices.sort(Comparator.comparing(Invoice::ts).thenComparing(Invoice::customerId));

    TreeMap<String, StringBuilder> byMonth = new TreeMap<>();
    long number = 536365;
    long lines = 0;
    for (Invoice inv : invoices) {
      String invoiceNo = (inv.cancellation() ? "C" : "") + number++;
      StringBuilder sb =
          byMonth.computeIfAbsent(
              inv.ts().toLocalDate().toString().substring(0, 7), m -> new StringBuilder());
      for (Line l : inv.lines()) {
        String row =
            String.join(
                ",",
                invoiceNo,
                l.stockCode(),
                quote(l.description()),
                String.valueOf(l.quantity()),
                TS.format(inv.ts()),
                String.format(Locale.ROOT, "%.2f", l.price()),
                inv.customerId().isEmpty() ? "" : inv.customerId() + ".0",
                inv.country());
        sb.append(row).append('\n');
        lines++;
        if (rnd.nextDouble() < 0.004) {
          sb.append(row).append('\n'); // exact duplicate line, as real exports have
          lines++;
        }
      }
    }
    Path root = new Path(out);
    FileSystem fs = root.getFileSystem(conf);
    for (var month : byMonth.entrySet()) {
      writeFile(
          fs,
          new Path(root, INVOICES_DIR + "/invoices-" + month.getKey() + ".csv"),
          HEADER + "\n" + month.getValue());
    }
    writeFile(fs, new Path(root, GROUND_TRUTH), truth.toString());
    return new Summary(customers, lines, byMonth.size());
  }

  private Archetype archetype(int i) {
    // Deterministic mix by position, so shares are exact at any size.
    double u = ((i * 0.6180339887498949) % 1.0);
    double acc = 0;
    for (Archetype a : Archetype.values()) {
      acc += a.share();
      if (u < acc) {
        return a;
      }
    }
    return Archetype.LAPSED;
  }

  private void plant(
      Archetype a,
      String id,
      String country,
      long days,
      List<Line> catalog,
      SplittableRandom rnd,
      List<Invoice> out) {
    switch (a) {
      case LOYAL_HIGH_SPENDER ->
          purchases(
              id,
              country,
              18 + rnd.nextInt(18),
              0,
              days - rnd.nextInt(12),
              catalog,
              rnd,
              8,
              18,
              6,
              24,
              0.0,
              out);
      case STEADY_REGULAR ->
          purchases(
              id,
              country,
              5 + rnd.nextInt(6),
              rnd.nextLong(days / 3),
              days - rnd.nextInt(40),
              catalog,
              rnd,
              3,
              7,
              2,
              8,
              0.0,
              out);
      case ONE_OFF ->
          purchases(
              id,
              country,
              1,
              0,
              days - 120 - rnd.nextLong(Math.max(1, days - 120)),
              catalog,
              rnd,
              1,
              3,
              1,
              4,
              0.0,
              out);
      case FREQUENT_CANCELLER ->
          purchases(
              id,
              country,
              5 + rnd.nextInt(6),
              rnd.nextLong(days / 3),
              days - rnd.nextInt(50),
              catalog,
              rnd,
              3,
              7,
              2,
              8,
              0.6,
              out);
      case LAPSED ->
          purchases(
              id,
              country,
              3 + rnd.nextInt(4),
              0,
              days / 3 + rnd.nextLong(days / 6),
              catalog,
              rnd,
              3,
              7,
              2,
              8,
              0.0,
              out);
    }
  }

  /** {@code count} purchase invoices spread between day {@code first} and day {@code last}. */
  private void purchases(
      String id,
      String country,
      int count,
      long first,
      long last,
      List<Line> catalog,
      SplittableRandom rnd,
      int minLines,
      int maxLines,
      int minQty,
      int maxQty,
      double cancelRate,
      List<Invoice> out) {
    last = Math.max(first, last);
    for (int n = 0; n < count; n++) {
      long day = count == 1 ? last : first + (last - first) * n / (count - 1);
      List<Line> basket = Catalog.basket(catalog, rnd, minLines, maxLines, minQty, maxQty);
      if (rnd.nextDouble() < 0.05) {
        basket.add(new Line("POST", "POSTAGE", 1, 18.0));
      }
      LocalDateTime ts = at(rnd, day);
      out.add(new Invoice(ts, id, country, false, basket));
      if (rnd.nextDouble() < cancelRate) {
        List<Line> cancelled = new ArrayList<>();
        for (Line l : basket) {
          if (!l.stockCode().equals("POST")) {
            cancelled.add(new Line(l.stockCode(), l.description(), -l.quantity(), l.price()));
          }
        }
        out.add(new Invoice(ts.plusHours(1 + rnd.nextInt(30)), id, country, true, cancelled));
      }
    }
  }

  private LocalDateTime at(SplittableRandom rnd, long day) {
    return start.plusDays(Math.max(0, day)).atTime(8 + rnd.nextInt(10), rnd.nextInt(60));
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static void writeFile(FileSystem fs, Path path, String content) throws IOException {
    try (Writer w =
        new BufferedWriter(new OutputStreamWriter(fs.create(path, true), StandardCharsets.UTF_8))) {
      w.write(content);
    }
  }
}
