package io.segmentation.ingest;

import static io.segmentation.compat.SparkCompat.nullIf;
import static io.segmentation.compat.SparkCompat.tryCast;
import static io.segmentation.ingest.ClassifiedColumns.*;
import static io.segmentation.schema.InvoiceColumns.COUNTRY;
import static io.segmentation.schema.InvoiceColumns.CUSTOMER_ID;
import static io.segmentation.schema.InvoiceColumns.DESCRIPTION;
import static io.segmentation.schema.InvoiceColumns.INVOICE_DATE;
import static io.segmentation.schema.InvoiceColumns.INVOICE_NO;
import static io.segmentation.schema.InvoiceColumns.INVOICE_TS;
import static io.segmentation.schema.InvoiceColumns.IS_GUEST;
import static io.segmentation.schema.InvoiceColumns.IS_RETURN;
import static io.segmentation.schema.InvoiceColumns.LINE_AMOUNT;
import static io.segmentation.schema.InvoiceColumns.PROFIT;
import static io.segmentation.schema.InvoiceColumns.QUANTITY;
import static io.segmentation.schema.InvoiceColumns.REJECT_REASON;
import static io.segmentation.schema.InvoiceColumns.SOURCE_FILE;
import static io.segmentation.schema.InvoiceColumns.STOCK_CODE;
import static io.segmentation.schema.InvoiceColumns.UNIT_PRICE;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import io.segmentation.config.JobConfig;
import io.segmentation.privacy.Pseudonymizer;
import io.segmentation.schema.InvoiceColumns;
import io.segmentation.schema.RejectReason;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * Parses and classifies raw invoice lines. Every input row gets exactly one verdict: clean ({@link
 * InvoiceColumns#REJECT_REASON} null) or the first {@link RejectReason} it breaks. Returns and
 * cancellations (invoice prefix {@code C} or negative quantity) are clean rows flagged {@link
 * InvoiceColumns#IS_RETURN}, because features use them.
 */
public final class InvoiceCleaner {
  /** Unit prices keep four decimals. */
  public static final DecimalType PRICE_TYPE = DataTypes.createDecimalType(18, 4);

  /**
   * Line amounts and profit keep the source's precision (four decimals, exact for quantity x a
   * four-decimal price): sums over them equal the source's own totals to the cent. Rounding to
   * cents happens only in presentation.
   */
  public static final DecimalType AMOUNT_TYPE = DataTypes.createDecimalType(18, 4);

  private final JobConfig.Input input;
  private final JobConfig.Cleaning rules;
  private final Instant runStart;

  public InvoiceCleaner(JobConfig.Input input, JobConfig.Cleaning rules, Instant runStart) {
    this.input = input;
    this.rules = rules;
    this.runStart = runStart;
  }

  /**
   * Adds the parsed columns and the verdict to the raw frame. The result holds both the raw strings
   * (for {@code rejected_rows}) and the typed values (for the clean data); select them with {@link
   * #clean(Dataset)} and {@link #rejected(Dataset)}.
   */
  public Dataset<Row> classify(Dataset<Row> raw) {
    return classify(raw, 0);
  }

  /**
   * As {@link #classify(Dataset)}, with the rows hash-partitioned by customer (guests by invoice)
   * into {@code partitions} partitions when it is positive. Finding duplicates needs that shuffle
   * anyway (copies share their customer id), and the features, the facts' join with the customers
   * and the per-customer counts then run without another one.
   */
  public Dataset<Row> classify(Dataset<Row> raw, int partitions) {
    Column quantityDecimal = number(col(QUANTITY));
    // Unit price from the file, else derived from the line amount (order-line exports).
    Column amount = number(col(LINE_AMOUNT));
    Column unitPrice = number(col(UNIT_PRICE));
    Column price = coalesce(unitPrice, try_divide(amount, quantityDecimal).cast(PRICE_TYPE));
    Column priceUnparseable =
        when(col(UNIT_PRICE).isNotNull(), unitPrice.isNull()).otherwise(amount.isNull());
    List<Column> attempts = new ArrayList<>();
    for (String pattern : input.csv().timestampPatterns()) {
      attempts.add(try_to_timestamp(col(INVOICE_DATE), lit(pattern)));
    }
    // Last resort: ISO-8601 in any of its forms (fractions, zone offsets), as JSON exports write
    // it.
    attempts.add(try_to_timestamp(col(INVOICE_DATE)));
    Dataset<Row> parsed =
        raw.withColumn(
                PARSED_QUANTITY,
                when(quantityDecimal.equalTo(floor(quantityDecimal)), quantityDecimal.cast("int")))
            .withColumn(PARSED_PRICE, price)
            .withColumn(PARSED_AMOUNT, amount)
            .withColumn(PARSED_PROFIT, number(col(PROFIT)))
            .withColumn(INVOICE_TS, coalesce(attempts.toArray(Column[]::new)))
            .withColumn(
                PARSED_CUSTOMER, nullIf(regexp_replace(col(CUSTOMER_ID), "\\.0+$", ""), lit("")))
            .withColumn(PARTITION_KEY, partitionKey());
    if (partitions > 0) {
      parsed = parsed.repartition(partitions, col(PARTITION_KEY));
    }

    Column quantityUnparseable = col(PARSED_QUANTITY).isNull();
    Column malformed = col(InvoiceColumns.RAW_RECORD).isNotNull();

    Column dateUnparseable = col(INVOICE_TS).isNull();
    Column noCustomer = col(PARSED_CUSTOMER).isNull();
    Column nonPositivePrice = col(PARSED_PRICE).leq(0);
    Column zeroQuantity = col(PARSED_QUANTITY).equalTo(0);
    Column nonProduct =
        upper(col(STOCK_CODE))
            .isin(rules.nonProductCodes().stream().map(c -> c.toUpperCase(Locale.ROOT)).toArray());
    Column future = col(INVOICE_TS).gt(lit(Timestamp.from(maxInstant())));

    Map<RejectReason, Column> checks = new EnumMap<>(RejectReason.class);
    checks.put(RejectReason.MALFORMED_ROW, malformed);
    checks.put(RejectReason.UNPARSEABLE_QUANTITY, quantityUnparseable);
    checks.put(RejectReason.UNPARSEABLE_PRICE, priceUnparseable);
    checks.put(RejectReason.UNPARSEABLE_DATE, dateUnparseable);
    checks.put(RejectReason.NON_POSITIVE_PRICE, nonPositivePrice);
    checks.put(RejectReason.ZERO_QUANTITY, zeroQuantity);
    checks.put(RejectReason.NON_PRODUCT_CODE, nonProduct);
    checks.put(RejectReason.FUTURE_DATE, future);
    Column reason = null;
    for (var check : checks.entrySet()) { // EnumMap: in RejectReason's order
      if (rules.disabledRules().contains(check.getKey())) {
        continue;
      }
      reason =
          reason == null
              ? when(check.getValue(), check.getKey().code())
              : reason.when(check.getValue(), check.getKey().code());
    }
    Dataset<Row> classified = parsed.withColumn(REJECT_REASON, reason);
    if (rules.dropDuplicates() && !rules.disabledRules().contains(RejectReason.DUPLICATE_ROW)) {
      classified = DuplicateLines.mark(classified, List.of(raw.columns()), col(PARTITION_KEY));
    }
    classified = classified.drop(InvoiceColumns.UNMAPPED_VALUES);
    // A valid line without a customer is a guest sale: kept for fact_sales, not segmented. It is
    // flagged after the validity and duplicate checks, so a guest line that breaks a rule is
    // quarantined under that rule.
    classified = classified.withColumn(IS_GUEST, noCustomer);
    // The raw text of the parsed values is kept for rejected rows only (rejected_rows shows it);
    // clean rows carry the typed values. The run caches this frame: fewer distinct strings make
    // the cache smaller and cheaper to build.
    for (String text : RAW_ONLY_WHEN_REJECTED) {
      classified = classified.withColumn(text, when(col(REJECT_REASON).isNotNull(), col(text)));
    }
    return classified;
  }

  /**
   * The classified frame with customer ids pseudonymised (the parsed id, and the raw id as the
   * pseudonym of the parsed one, so rejected_rows holds no raw id either) and the raw text of
   * malformed lines dropped; unchanged when {@code p} is null (privacy off).
   */
  public static Dataset<Row> protect(Dataset<Row> classified, Pseudonymizer p) {
    if (p == null) {
      return classified;
    }
    Dataset<Row> hashed =
        Pseudonymizer.protect(p, classified, PARSED_CUSTOMER, InvoiceColumns.RAW_RECORD);
    return hashed
        .withColumn(CUSTOMER_ID, when(col(REJECT_REASON).isNotNull(), col(PARSED_CUSTOMER)))
        .withColumn(PARTITION_KEY, partitionKey());
  }

  public static Column customerIdOf(Dataset<Row> classified) {
    return classified.col(PARSED_CUSTOMER);
  }

  /** A valid sale's country as fact_sales and dim_country hold it: blank is "Unspecified". */
  public static Column countryOf() {
    return coalesce(nullIf(col(COUNTRY), lit("")), lit("Unspecified"));
  }

  /**
   * The valid sales, typed ({@link InvoiceColumns#CLEAN}): every line no rule rejected, guest
   * purchases included ({@link InvoiceColumns#IS_GUEST}; their customer id column holds the invoice
   * number, which keeps the rows' partitioning, and must not be read as a customer). Features take
   * {@link #customerSales(Dataset)}.
   */
  public Dataset<Row> clean(Dataset<Row> classified) {
    Column isReturn = col(PARSED_QUANTITY).lt(0);
    if (input.cancellationPrefix().isPresent()) {
      isReturn = isReturn.or(col(INVOICE_NO).startsWith(input.cancellationPrefix().get()));
    }
    return classified
        .where(col(REJECT_REASON).isNull())
        .select(
            col(INVOICE_NO),
            col(STOCK_CODE),
            col(DESCRIPTION),
            col(PARSED_QUANTITY).as(QUANTITY),
            col(INVOICE_TS),
            col(PARSED_PRICE).as(UNIT_PRICE),
            coalesce(col(PARSED_AMOUNT), col(PARSED_QUANTITY).multiply(col(PARSED_PRICE)))
                .cast(AMOUNT_TYPE)
                .as(LINE_AMOUNT),
            col(PARSED_PROFIT).cast(AMOUNT_TYPE).as(InvoiceColumns.PROFIT),
            // Rows are partitioned by this key: for customers it is their id, and aliasing it
            // keeps every per-customer aggregation and join free of another shuffle.
            col(PARTITION_KEY).as(CUSTOMER_ID),
            countryOf().as(COUNTRY),
            nullIf(col(InvoiceColumns.REGION), lit("")).as(InvoiceColumns.REGION),
            nullIf(col(InvoiceColumns.CATEGORY), lit("")).as(InvoiceColumns.CATEGORY),
            nullIf(col(InvoiceColumns.SUB_CATEGORY), lit("")).as(InvoiceColumns.SUB_CATEGORY),
            nullIf(col(InvoiceColumns.CUSTOMER_SEGMENT), lit(""))
                .as(InvoiceColumns.CUSTOMER_SEGMENT),
            isReturn.as(IS_RETURN),
            col(IS_GUEST));
  }

  /**
   * The valid sales of known customers: what features are built from (guests are not customers).
   */
  public static Dataset<Row> customerSales(Dataset<Row> clean) {
    return clean.where(not(col(IS_GUEST)));
  }

  /** The rejected lines with their raw values, the rule and the source file. */
  public static Dataset<Row> rejected(Dataset<Row> classified) {
    List<Column> cols = new ArrayList<>();
    cols.add(col(REJECT_REASON));
    cols.add(col(SOURCE_FILE));
    InvoiceColumns.RAW.forEach(c -> cols.add(col(c)));
    cols.add(col(InvoiceColumns.RAW_RECORD));
    return classified.where(col(REJECT_REASON).isNotNull()).select(cols.toArray(Column[]::new));
  }

  /**
   * A decimal parsed from text, honouring input.csv.decimal-comma; null when it is not a number.
   */
  private Column number(Column text) {
    Column normalised =
        input.csv().decimalComma()
            ? regexp_replace(regexp_replace(text, "\\.", ""), ",", ".")
            : text;
    return tryCast(normalised, PRICE_TYPE);
  }

  private static Column partitionKey() {
    return coalesce(col(PARSED_CUSTOMER), col(INVOICE_NO));
  }

  private Instant maxInstant() {
    return rules
        .maxDate()
        .map(d -> d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC))
        .orElse(runStart);
  }
}
