package io.segmentation.pipeline;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Row counts of the cleaning verdicts, and the last clean sale (for the default reference date).
 * {@code rowsClean} counts every valid sale, {@code guestRows} of them without a customer id (kept
 * in fact_sales, not segmented). {@code salesDates} (first and last day of the valid sales; empty
 * without dated sales) and {@code countries} (of the valid sales, in Spark's string order) come
 * from the same pass and give dim_date and dim_country.
 */
record Quality(
    long rowsRead,
    long rowsClean,
    long guestRows,
    Map<String, Long> rejectedByRule,
    long customerIdsRead,
    LocalDate lastSale,
    Optional<DateRange> salesDates,
    List<String> countries) {

  /** First and last day of the valid sales. */
  record DateRange(LocalDate first, LocalDate last) {}

  long rowsRejected() {
    return rowsRead - rowsClean;
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "%,d rows read, %,d clean (%,d of them guest sales), %,d rejected %s, %,d distinct customer ids",
        rowsRead,
        rowsClean,
        guestRows,
        rowsRejected(),
        rejectedByRule,
        customerIdsRead);
  }
}
