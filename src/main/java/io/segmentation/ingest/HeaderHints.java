package io.segmentation.ingest;

import io.segmentation.errors.ColumnErrors.HeaderFix;
import io.segmentation.schema.ColumnPreset;
import io.segmentation.schema.CustomerAttribute;
import io.segmentation.schema.SourceColumn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Works out what a header that misses required columns needs (pure logic, no Spark): another {@link
 * ColumnPreset}, {@code input.columns.*} overrides for columns found under a known other name, or
 * {@code input.level = customers}.
 *
 * <p>Known names of a column are every preset's name for it and its {@link SourceColumn#aliases()};
 * they are compared ignoring case, spaces and {@code _ - / .} ("Country/Region" is "Country
 * Region"). Nothing here changes the mapping: the names only go into the error message.
 */
final class HeaderHints {
  /** Names a column override may hold (as {@code ConfigLoader.sourceColumnName} accepts). */
  private static final String SETTABLE = "[\\p{L}\\p{N} _\\-./#%()]{1,128}";

  private HeaderHints() {}

  /**
   * The fix for {@code header}: the cheapest complete one (fewest {@code --set} options, the
   * configured preset first), else customer-level input, else the overrides that map some of the
   * missing columns of the configured preset.
   *
   * @param header the column names found
   * @param preset the configured preset
   * @param overrides the configured {@code input.columns.*}
   */
  static HeaderFix of(
      List<String> header, ColumnPreset preset, Map<SourceColumn, String> overrides) {
    List<ColumnPreset> candidates = new ArrayList<>();
    candidates.add(preset);
    for (ColumnPreset p : ColumnPreset.values()) {
      if (p != preset) {
        candidates.add(p);
      }
    }
    HeaderFix best = null;
    int bestCost = Integer.MAX_VALUE;
    HeaderFix partial = HeaderFix.NONE;
    for (ColumnPreset candidate : candidates) {
      HeaderFix fix =
          fixFor(header, candidate, candidate == preset ? null : candidate.configName(), overrides);
      int cost = (fix.preset() == null ? 0 : 1) + fix.columns().size();
      if (fix.complete() && cost < bestCost) {
        best = fix;
        bestCost = cost;
      }
      if (candidate == preset) {
        partial = fix;
      }
    }
    if (best != null) {
      return best;
    }
    if (looksCustomerLevel(header)) {
      return new HeaderFix(null, Map.of(), false, true);
    }
    return partial;
  }

  /**
   * The overrides that map the columns {@code candidate} misses, and whether they are all found.
   */
  private static HeaderFix fixFor(
      List<String> header,
      ColumnPreset candidate,
      String presetName,
      Map<SourceColumn, String> overrides) {
    Set<String> present = new HashSet<>();
    header.forEach(h -> present.add(CsvHeader.normal(h)));
    Set<String> used = new HashSet<>();
    List<SourceColumn> missing = new ArrayList<>();
    boolean hasPrice = false;
    for (SourceColumn column : SourceColumn.values()) {
      String wanted =
          overrides.containsKey(column) ? overrides.get(column) : candidate.name(column);
      if (wanted == null || wanted.equalsIgnoreCase(SourceColumn.NONE)) {
        continue;
      }
      if (present.contains(CsvHeader.normal(wanted))) {
        used.add(CsvHeader.normal(wanted));
        hasPrice |= column.need() == SourceColumn.Need.PRICE;
      } else if (column.need() == SourceColumn.Need.REQUIRED
          || (column.need() == SourceColumn.Need.OPTIONAL && overrides.containsKey(column))) {
        missing.add(column);
      }
    }
    Map<String, String> columns = new LinkedHashMap<>();
    boolean complete = true;
    for (SourceColumn column : missing) {
      String found = findUnder(header, column, used);
      if (found == null) {
        complete = false;
      } else {
        columns.put(column.configKey(), found);
      }
    }
    if (!hasPrice) {
      String found = null;
      for (SourceColumn price : List.of(SourceColumn.UNIT_PRICE, SourceColumn.LINE_AMOUNT)) {
        if (found == null) {
          found = findUnder(header, price, used);
          if (found != null) {
            columns.put(price.configKey(), found);
          }
        }
      }
      complete &= found != null;
    }
    return new HeaderFix(presetName, columns, complete, false);
  }

  /** A header name, not yet used, that is a known name of {@code column}; marks it used. */
  private static String findUnder(List<String> header, SourceColumn column, Set<String> used) {
    Set<String> known = knownNames(column);
    for (String name : header) {
      if (!used.contains(CsvHeader.normal(name))
          && known.contains(loose(name))
          && name.trim().matches(SETTABLE)) {
        used.add(CsvHeader.normal(name));
        return name.trim();
      }
    }
    return null;
  }

  /**
   * One row per customer: a customer id column (as customer-level input recognises it) and no
   * invoice number or invoice date under any known name.
   */
  private static boolean looksCustomerLevel(List<String> header) {
    Set<String> ids = new HashSet<>(knownNames(SourceColumn.CUSTOMER_ID));
    CustomerAttribute.CUSTOMER_ID.aliases().forEach(a -> ids.add(loose(a)));
    Set<String> invoiceOrDate = new HashSet<>(knownNames(SourceColumn.INVOICE));
    invoiceOrDate.addAll(knownNames(SourceColumn.INVOICE_DATE));
    boolean hasId = false;
    for (String name : header) {
      if (invoiceOrDate.contains(loose(name))) {
        return false;
      }
      hasId |= ids.contains(loose(name));
    }
    return hasId;
  }

  /** Every preset's name for the column and its aliases, compared {@link #loose}ly. */
  private static Set<String> knownNames(SourceColumn column) {
    Set<String> names = new LinkedHashSet<>();
    for (ColumnPreset p : ColumnPreset.values()) {
      if (p.name(column) != null) {
        names.add(loose(p.name(column)));
      }
    }
    column.aliases().forEach(a -> names.add(loose(a)));
    return names;
  }

  /** A name compared ignoring case, a byte order mark, spaces and {@code _ - / .}. */
  static String loose(String name) {
    return CsvHeader.normal(name).replaceAll("[\\s_\\-/.]", "");
  }
}
