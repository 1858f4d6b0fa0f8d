package io.segmentation.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.config.ConfigLoader;
import io.segmentation.config.JobConfig;
import io.segmentation.features.CustomerFeatures;
import io.segmentation.schema.InvoiceColumns;
import io.segmentation.testing.SparkTestBase;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("spark")
class InvoiceCleanerTest extends SparkTestBase {
  private static Dataset<Row> raw(String[]... rows) {
    // UCI-shaped rows: the first eight raw columns; no line amount, profit or dimensions.
    List<String> uci =
        List.of(
            InvoiceColumns.INVOICE_NO,
            InvoiceColumns.STOCK_CODE,
            InvoiceColumns.DESCRIPTION,
            InvoiceColumns.QUANTITY,
            InvoiceColumns.INVOICE_DATE,
            InvoiceColumns.UNIT_PRICE,
            InvoiceColumns.CUSTOMER_ID,
            InvoiceColumns.COUNTRY);
    StructType schema = new StructType();
    for (String c : InvoiceColumns.RAW) {
      schema = schema.add(c, DataTypes.StringType);
    }
    schema =
        schema
            .add(InvoiceColumns.SOURCE_FILE, DataTypes.StringType)
            .add(InvoiceColumns.RAW_RECORD, DataTypes.StringType);
    List<Row> list = new ArrayList<>();
    for (String[] r : rows) {
      Object[] values = new Object[InvoiceColumns.RAW.size() + 2];
      for (int i = 0; i < uci.size(); i++) {
        values[InvoiceColumns.RAW.indexOf(uci.get(i))] = r[i];
      }
      values[InvoiceColumns.RAW.size()] = "file:/in/a.csv";
      list.add(RowFactory.create(values));
    }
    return spark().createDataFrame(list, schema);
  }

  private static InvoiceCleaner cleaner(JobConfig c) {
    return new InvoiceCleaner(c.input(), c.cleaning(), Instant.now());
  }

  private static JobConfig config(String... sets) {
    return ConfigLoader.load(Optional.empty(), List.of(sets), Map.of());
  }

  private static Map<String, String> reasonByInvoice(Dataset<Row> classified) {
    return classified.collectAsList().stream()
        .collect(
            Collectors.toMap(
                r -> r.<String>getAs(InvoiceColumns.INVOICE_NO),
                r -> String.valueOf(r.<String>getAs(InvoiceColumns.REJECT_REASON))));
  }

  @Test
  void everyRowGetsExactlyOneVerdict() {
    Dataset<Row> raw =
        raw(
            new String[] {
              "1", "A1", "Mug", "6", "2010-12-01 08:26:00", "2.55", "17850.0", "United Kingdom"
            },
            new String[] {
              "2", "A1", "Mug", "six", "2010-12-01 08:26:00", "2.55", "17850.0", "United Kingdom"
            },
            new String[] {
              "3", "A1", "Mug", "6", "2010-12-01 08:26:00", "abc", "17850.0", "United Kingdom"
            },
            new String[] {"4", "A1", "Mug", "6", "31/31/2010", "2.55", "17850.0", "United Kingdom"},
            new String[] {
              "5", "A1", "Mug", "6", "2010-12-01 08:26:00", "2.55", "", "United Kingdom"
            },
            new String[] {
              "6", "A1", "Mug", "6", "2010-12-01 08:26:00", "0", "17850.0", "United Kingdom"
            },
            new String[] {
              "7", "A1", "Mug", "0", "2010-12-01 08:26:00", "2.55", "17850.0", "United Kingdom"
            },
            new String[] {
              "8", "post", "Postage", "1", "2010-12-01 08:26:00", "18", "17850.0", "United Kingdom"
            },
            new String[] {
              "9", "A1", "Mug", "6", "2999-01-01 00:00:00", "2.55", "17850.0", "United Kingdom"
            },
            new String[] {
              "C10", "A1", "Mug", "-6", "2010-12-02 09:00:00", "2.55", "17850.0", "United Kingdom"
            },
            new String[] {
              "11", "A1", "Mug", "1.5", "2010-12-01 08:26:00", "2.55", "17850.0", "United Kingdom"
            },
            new String[] {
              "12", "A1", "Mug", "2", "12/1/2010 8:26", "2.55", "17850", "United Kingdom"
            });
    JobConfig c = config();
    Map<String, String> verdicts =
        reasonByInvoice(
            new InvoiceCleaner(c.input(), c.cleaning(), Instant.parse("2026-01-01T00:00:00Z"))
                .classify(raw));
    assertThat(verdicts)
        .containsEntry("1", "null")
        .containsEntry("2", "unparseable_quantity")
        .containsEntry("3", "unparseable_price")
        .containsEntry("4", "unparseable_date")
        .containsEntry("5", "null") // a guest sale: valid, kept, not segmented
        .containsEntry("6", "non_positive_price")
        .containsEntry("7", "zero_quantity")
        .containsEntry("8", "non_product_code")
        .containsEntry("9", "future_date")
        .containsEntry("C10", "null")
        .containsEntry("11", "unparseable_quantity")
        .containsEntry("12", "null")
        .hasSize(12);
  }

  @Test
  void cleanRowsAreTypedAndReturnsFlagged() {
    Dataset<Row> raw =
        raw(
            new String[] {
              "536365",
              "85123A",
              " WHITE HANGING HEART ",
              "6",
              "2010-12-01 08:26:00",
              "2.55",
              "17850.0",
              "United Kingdom"
            },
            new String[] {
              "C536379",
              "D",
              "Discount",
              "-1",
              "2010-12-01 09:41:00",
              "27.50",
              "14527.0",
              "United Kingdom"
            },
            new String[] {
              "536380",
              "22961",
              "JAM MAKING SET",
              "-3",
              "2010-12-01 09:41:00",
              "1.45",
              "14527.0",
              "United Kingdom"
            });
    JobConfig c = config("cleaning.non-product-codes=[POST]");
    Dataset<Row> clean = cleaner(c).clean(cleaner(c).classify(raw));
    List<Row> rows = clean.orderBy(InvoiceColumns.INVOICE_NO).collectAsList();
    assertThat(clean.columns()).containsExactlyElementsOf(InvoiceColumns.CLEAN);
    Row first = rows.get(0);
    assertThat(first.<Integer>getAs(InvoiceColumns.QUANTITY)).isEqualTo(6);
    assertThat(first.<BigDecimal>getAs(InvoiceColumns.LINE_AMOUNT)).isEqualByComparingTo("15.30");
    assertThat(first.<String>getAs(InvoiceColumns.CUSTOMER_ID)).isEqualTo("17850");
    assertThat(first.<Boolean>getAs(InvoiceColumns.IS_RETURN)).isFalse();
    assertThat(first.getAs(InvoiceColumns.INVOICE_TS).toString())
        .isEqualTo("2010-12-01 08:26:00.0");
    assertThat(rows.get(1).<Boolean>getAs(InvoiceColumns.IS_RETURN))
        .as("negative quantity")
        .isTrue();
    assertThat(rows.get(2).<Boolean>getAs(InvoiceColumns.IS_RETURN)).as("C prefix").isTrue();
    assertThat(rows.get(2).<BigDecimal>getAs(InvoiceColumns.LINE_AMOUNT))
        .isEqualByComparingTo("-27.50");
  }

  @Test
  void exactDuplicatesAreQuarantinedOnlyWhenConfigured() {
    String[] line = {
      "1", "A1", "Mug", "6", "2010-12-01 08:26:00", "2.55", "17850.0", "United Kingdom"
    };
    Dataset<Row> raw = raw(line, line.clone(), line.clone());
    JobConfig dropping = config();
    Dataset<Row> c1 =
        new InvoiceCleaner(dropping.input(), dropping.cleaning(), Instant.now()).classify(raw);
    assertThat(cleaner(dropping).clean(c1).count()).isEqualTo(1);
    assertThat(InvoiceCleaner.rejected(c1).where("reject_reason = 'duplicate_row'").count())
        .isEqualTo(2);
    JobConfig keeping = config("cleaning.drop-duplicates=false");
    Dataset<Row> c2 =
        new InvoiceCleaner(keeping.input(), keeping.cleaning(), Instant.now()).classify(raw);
    assertThat(cleaner(keeping).clean(c2).count()).isEqualTo(3);
  }

  @Test
  void decimalCommaPrices() {
    Dataset<Row> raw =
        raw(new String[] {"1", "A1", "Mug", "2", "2010-12-01 08:26:00", "1.261,96", "1", "France"});
    JobConfig c = config("input.csv.decimal-comma=true");
    Row row = cleaner(c).clean(cleaner(c).classify(raw)).first();
    assertThat(row.<BigDecimal>getAs(InvoiceColumns.UNIT_PRICE)).isEqualByComparingTo("1261.96");
    assertThat(row.<BigDecimal>getAs(InvoiceColumns.LINE_AMOUNT)).isEqualByComparingTo("2523.92");
  }

  @Test
  void optionalRulesCanBeDisabledByName() {
    Dataset<Row> raw =
        raw(
            new String[] {
              "1", "A1", "Free sample", "1", "2010-12-01 08:26:00", "0", "17850.0", "United Kingdom"
            },
            new String[] {
              "2", "POST", "Postage", "1", "2010-12-01 08:26:00", "18", "17850.0", "United Kingdom"
            },
            new String[] {"3", "A1", "Mug", "1", "2010-12-01 08:26:00", "2", "", "United Kingdom"});
    JobConfig c = config("cleaning.disabled-rules=[non_positive_price, non_product_code]");
    Map<String, String> verdicts =
        reasonByInvoice(new InvoiceCleaner(c.input(), c.cleaning(), Instant.now()).classify(raw));
    assertThat(verdicts)
        .containsEntry("1", "null")
        .containsEntry("2", "null")
        .containsEntry("3", "null");
  }

  @Test
  void guestSalesAreValidSalesFlaggedAsGuestsAndKeptOutOfTheFeatures() {
    Dataset<Row> raw =
        raw(
            new String[] {
              "1", "A1", "Mug", "2", "2010-12-01 08:26:00", "2.50", "17850.0", "United Kingdom"
            },
            new String[] {"2", "A1", "Mug", "3", "2010-12-01 09:00:00", "1.25", "", "France"},
            new String[] {"3", "A1", "Mug", "1", "2010-12-01 09:00:00", "0", "", "France"},
            new String[] {"4", "POST", "Postage", "1", "2010-12-01 09:00:00", "18", "", "France"},
            new String[] {"2", "A1", "Mug", "3", "2010-12-01 09:00:00", "1.25", "", "France"});
    JobConfig c = config();
    Dataset<Row> classified = cleaner(c).classify(raw);
    // A guest line that breaks a rule is quarantined under that rule, not kept as a sale.
    assertThat(
            classified
                .where("reject_reason is not null")
                .orderBy("invoice_no", "reject_reason")
                .collectAsList()
                .stream()
                .map(r -> r.getAs("invoice_no") + ":" + r.getAs("reject_reason"))
                .toList())
        .containsExactly("2:duplicate_row", "3:non_positive_price", "4:non_product_code");
    Dataset<Row> clean = cleaner(c).clean(classified);
    Map<String, Boolean> guest =
        clean.collectAsList().stream()
            .collect(
                Collectors.toMap(
                    r -> r.<String>getAs(InvoiceColumns.INVOICE_NO),
                    r -> r.<Boolean>getAs(InvoiceColumns.IS_GUEST)));
    assertThat(guest).containsExactlyInAnyOrderEntriesOf(Map.of("1", false, "2", true));
    assertThat(
            clean.where("invoice_no = '2'").first().<BigDecimal>getAs(InvoiceColumns.LINE_AMOUNT))
        .isEqualByComparingTo("3.75");
    assertThat(InvoiceCleaner.customerSales(clean).collectAsList())
        .extracting(r -> r.<String>getAs(InvoiceColumns.CUSTOMER_ID))
        .containsExactly("17850");
  }

  @Test
  void lineAmountsKeepTheSourcePrecisionSoSumsMatchTheSourceToTheCent() {
    // 0.295 x 3 = 0.885: rounded per line (0.89), three lines would sum to 2.67, not 2.655 (2.66).
    String[][] lines = new String[3][];
    for (int i = 0; i < 3; i++) {
      lines[i] =
          new String[] {
            "7" + i, "A1", "Pen", "3", "2010-12-01 08:26:00", "0.295", "17850.0", "United Kingdom"
          };
    }
    JobConfig c = config();
    Dataset<Row> clean = cleaner(c).clean(cleaner(c).classify(raw(lines)));
    assertThat(clean.schema().apply(InvoiceColumns.LINE_AMOUNT).dataType())
        .isEqualTo(DataTypes.createDecimalType(18, 4));
    assertThat(clean.first().<BigDecimal>getAs(InvoiceColumns.LINE_AMOUNT))
        .isEqualByComparingTo("0.885");
    BigDecimal sum = clean.agg(sum(InvoiceColumns.LINE_AMOUNT)).first().getDecimal(0);
    assertThat(sum).isEqualByComparingTo("2.655");
  }

  @Test
  void protectiveRulesCannotBeDisabled() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> config("cleaning.disabled-rules=[missing_customer_id]"))
        .hasMessageContaining("'cleaning.disabled-rules'")
        .hasMessageContaining("'missing_customer_id'")
        .hasMessageContaining(
            "non_positive_price, zero_quantity, non_product_code, future_date, duplicate_row");
  }

  @Test
  void cancellationPrefixFollowsThePresetAndConfiguration() {
    Dataset<Row> raw =
        raw(new String[] {"CA-2016-1", "A1", "Chair", "2", "2016-11-08 00:00:00", "10", "1", "US"});
    assertThat(
            cleaner(config())
                .clean(cleaner(config()).classify(raw))
                .first()
                .<Boolean>getAs(InvoiceColumns.IS_RETURN))
        .as("UCI: C prefix")
        .isTrue();
    JobConfig none = config("input.cancellation-prefix=none");
    assertThat(
            cleaner(none)
                .clean(cleaner(none).classify(raw))
                .first()
                .<Boolean>getAs(InvoiceColumns.IS_RETURN))
        .as("no prefix")
        .isFalse();
    JobConfig orders = config("input.preset=order-lines");
    assertThat(orders.input().cancellationPrefix()).isEmpty();
  }

  @Test
  void classifiedRowsArePartitionedByCustomerSoTheFeaturesNeedNoShuffle() {
    // As the job's session sets it (Sessions): a cached plan keeps its partitioning.
    spark().conf().set("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", "false");
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rows.add(
          new String[] {
            "5" + (i % 13),
            "A" + (i % 5),
            "Mug",
            "2",
            "2010-12-0" + (1 + i % 9) + " 08:26:00",
            "2.50",
            "1" + (i % 7),
            "France"
          });
    }
    rows.add(
        new String[] {
          "900", "A1", "Mug", "1", "2010-12-01 08:26:00", "2.50", "", "France"
        }); // guest
    JobConfig c = config();
    Dataset<Row> classified = cleaner(c).classify(raw(rows.toArray(String[][]::new)), 3).persist();
    try {
      assertThat(classified.rdd().getNumPartitions()).isEqualTo(3);
      Dataset<Row> features =
          new CustomerFeatures(LocalDate.of(2011, 1, 1), "United Kingdom")
              .build(InvoiceCleaner.customerSales(cleaner(c).clean(classified)));
      String plan = features.queryExecution().executedPlan().toString();
      // The one shuffle is the classification's own (REPARTITION_BY_NUM), inside the cached plan.
      assertThat(
              plan.lines()
                  .filter(
                      l ->
                          l.matches(".*(?<!Broadcast)Exchange .*")
                              && !l.contains("REPARTITION_BY_NUM"))
                  .toList())
          .as("shuffles in the feature plan:%n%s", plan)
          .isEmpty();
      // The values are those of the lines, whatever the partitioning: customer 10 has the lines
      // i = 0, 7, 14, 21, 28, 35 (6 lines of 2 x 2.50), in invoices 50, 57, 51, 58, 52, 59.
      Row c10 = features.where(col("customer_id").equalTo("10")).first();
      assertThat(c10.<Integer>getAs("frequency")).isEqualTo(6);
      assertThat(c10.<BigDecimal>getAs("monetary_net")).isEqualByComparingTo("30.00");
      assertThat(features.count()).isEqualTo(7);
    } finally {
      classified.unpersist();
    }
  }

  @Test
  void classifiedRowsComeGroupedByCustomerAndInvoiceWithinTheirPartition() {
    // 12 customers with 3 invoices of 4 lines each, read interleaved: line by line across them.
    List<String[]> rows = new ArrayList<>();
    for (int line = 0; line < 4; line++) {
      for (int invoice = 0; invoice < 3; invoice++) {
        for (int customer = 0; customer < 12; customer++) {
          rows.add(
              new String[] {
                String.valueOf(600_000 + customer * 10 + invoice),
                "S" + line,
                "Mug",
                "1",
                "2010-12-01 08:26:00",
                "2.50",
                String.valueOf(12_000 + customer),
                "France"
              });
        }
      }
    }
    List<Row> seen =
        cleaner(config())
            .classify(raw(rows.toArray(String[][]::new)), 3)
            .select(
                spark_partition_id().cast("string"),
                col(ClassifiedColumns.PARTITION_KEY),
                col(InvoiceColumns.INVOICE_NO),
                col(InvoiceColumns.REJECT_REASON)) // as the run caches it (no reason, no window)
            .collectAsList(); // in partition order, each partition's rows in their order
    assertThat(seen).hasSize(144);
    assertThat(seen.stream().map(r -> r.getString(0)).distinct().count()).isGreaterThan(1);
    // A customer's lines, and an invoice's, follow one another: no key comes back after another.
    assertThat(keysThatComeBack(seen.stream().map(r -> r.getString(0) + "/" + r.getString(1))))
        .isEmpty();
    assertThat(
            keysThatComeBack(
                seen.stream()
                    .map(r -> r.getString(0) + "/" + r.getString(1) + "/" + r.getString(2))))
        .isEmpty();
  }

  /** The keys that appear again after a different key in between. */
  private static List<String> keysThatComeBack(Stream<String> keys) {
    List<String> back = new ArrayList<>();
    Set<String> done = new HashSet<>();
    String previous = null;
    for (String key : (Iterable<String>) keys::iterator) {
      if (!key.equals(previous)) {
        if (!done.add(key)) {
          back.add(key);
        }
        previous = key;
      }
    }
    return back;
  }

  @Test
  void cleanRowsKeepTypedValuesAndRejectedRowsTheirRawText() {
    Dataset<Row> classified =
        cleaner(config())
            .classify(
                raw(
                    new String[] {
                      "1",
                      "A1",
                      "Mug",
                      "6",
                      "2010-12-01 08:26:00",
                      "2.55",
                      "17850.0",
                      "United Kingdom"
                    },
                    new String[] {
                      "2",
                      "A1",
                      "Mug",
                      "six",
                      "2010-12-01 09:00:00",
                      "2.55",
                      "17850.0",
                      "United Kingdom"
                    }),
                2);
    Map<String, Row> byInvoice =
        classified.collectAsList().stream()
            .collect(Collectors.toMap(r -> r.<String>getAs(InvoiceColumns.INVOICE_NO), r -> r));
    Row clean = byInvoice.get("1");
    assertThat(clean.<String>getAs(InvoiceColumns.REJECT_REASON)).isNull();
    assertThat(clean.<String>getAs(InvoiceColumns.QUANTITY)).as("raw text of a clean row").isNull();
    assertThat(clean.<String>getAs(InvoiceColumns.INVOICE_DATE)).isNull();
    assertThat(clean.<String>getAs(InvoiceColumns.CUSTOMER_ID)).as("raw customer id").isNull();
    assertThat(clean.<String>getAs(InvoiceColumns.SOURCE_FILE)).as("source file").isNull();
    assertThat(
            classified
                .where("invoice_no = '1'")
                .select(InvoiceCleaner.customerIdOf(classified))
                .first()
                .getString(0))
        .as("the parsed customer id stays")
        .isEqualTo("17850");
    assertThat(
            cleaner(config())
                .clean(classified)
                .where("invoice_no = '1'")
                .first()
                .<Integer>getAs(InvoiceColumns.QUANTITY))
        .isEqualTo(6);
    Row rejected = byInvoice.get("2");
    assertThat(rejected.<String>getAs(InvoiceColumns.REJECT_REASON))
        .isEqualTo("unparseable_quantity");
    assertThat(rejected.<String>getAs(InvoiceColumns.QUANTITY)).isEqualTo("six");
    assertThat(rejected.<String>getAs(InvoiceColumns.INVOICE_DATE))
        .isEqualTo("2010-12-01 09:00:00");
    assertThat(rejected.<String>getAs(InvoiceColumns.UNIT_PRICE)).isEqualTo("2.55");
    assertThat(rejected.<String>getAs(InvoiceColumns.CUSTOMER_ID)).isEqualTo("17850.0");
    assertThat(rejected.<String>getAs(InvoiceColumns.SOURCE_FILE)).isEqualTo("file:/in/a.csv");
  }
}
