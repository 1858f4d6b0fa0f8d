package io.segmentation.features;

import static io.segmentation.compat.SparkCompat.tryCast;
import static org.apache.spark.sql.functions.*;

import io.segmentation.ingest.CustomerTable;
import io.segmentation.schema.CustomerAttribute;
import io.segmentation.schema.FeatureColumns;
import io.segmentation.schema.InvoiceColumns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Customer attributes (gender, age and its band, city, membership, the source's customer segment),
 * one row per customer id, from a customer-level table or ({@link #fromSales}) the invoice lines.
 * Missing attributes are null; an age that is not a whole number between 0 and 120 is null. When an
 * id appears twice, the first row wins.
 */
public final class CustomerAttributes {
  public static final String AGE_BAND = "age_band";

  private CustomerAttributes() {}

  public static Dataset<Row> of(CustomerTable table) {
    Dataset<Row> rows = table.rows();
    Column age =
        table.attributes().containsKey(CustomerAttribute.AGE)
            ? tryCast(col(CustomerAttribute.AGE.column()), DataTypes.DoubleType)
            : lit(null).cast(DataTypes.DoubleType);
    Column validAge = when(age.between(0, 120), floor(age).cast(DataTypes.IntegerType));
    return rows.where(col(CustomerAttribute.CUSTOMER_ID.column()).isNotNull())
        .select(
            col(CustomerAttribute.CUSTOMER_ID.column()).as(FeatureColumns.CUSTOMER_ID),
            text(table, CustomerAttribute.GENDER),
            validAge.as(CustomerAttribute.AGE.column()),
            ageBand(validAge).as(AGE_BAND),
            text(table, CustomerAttribute.CITY),
            text(table, CustomerAttribute.MEMBERSHIP),
            text(table, CustomerAttribute.SEGMENT))
        .dropDuplicates(FeatureColumns.CUSTOMER_ID);
  }

  /**
   * The attributes the invoice lines carry (the source's customer segment: each customer's value on
   * their latest line), shaped like {@link #of}'s frame; the other attributes are null.
   *
   * @param customerSales valid sales of known customers, partitioned by customer
   */
  public static Dataset<Row> fromSales(Dataset<Row> customerSales) {
    Column none = lit(null).cast(DataTypes.StringType);
    return customerSales
        .groupBy(col(FeatureColumns.CUSTOMER_ID))
        .agg(
            max_by(col(InvoiceColumns.CUSTOMER_SEGMENT), col(InvoiceColumns.INVOICE_TS))
                .as(CustomerAttribute.SEGMENT.column()))
        .select(
            col(FeatureColumns.CUSTOMER_ID),
            none.as(CustomerAttribute.GENDER.column()),
            lit(null).cast(DataTypes.IntegerType).as(CustomerAttribute.AGE.column()),
            none.as(AGE_BAND),
            none.as(CustomerAttribute.CITY.column()),
            none.as(CustomerAttribute.MEMBERSHIP.column()),
            substring(col(CustomerAttribute.SEGMENT.column()), 1, 100)
                .as(CustomerAttribute.SEGMENT.column()));
  }

  /**
   * Attributes of a file, completed by those of the invoice lines where the file has none (the file
   * wins where both have a value).
   */
  public static Dataset<Row> merged(Dataset<Row> fromFile, Dataset<Row> fromSales) {
    String segment = CustomerAttribute.SEGMENT.column();
    Dataset<Row> lines =
        fromSales.select(col(FeatureColumns.CUSTOMER_ID), col(segment).as("_line_segment"));
    return fromFile
        .join(lines, FeatureColumns.CUSTOMER_ID, "left")
        .withColumn(segment, coalesce(col(segment), col("_line_segment")))
        .drop("_line_segment");
  }

  /** 18-24, 25-34, ... 55-64, 65+; under 18 as "<18"; null when unknown. */
  static Column ageBand(Column age) {
    return when(age.lt(18), "<18")
        .when(age.lt(25), "18-24")
        .when(age.lt(35), "25-34")
        .when(age.lt(45), "35-44")
        .when(age.lt(55), "45-54")
        .when(age.lt(65), "55-64")
        .when(age.isNotNull(), "65+");
  }

  private static Column text(CustomerTable table, CustomerAttribute a) {
    Column c =
        table.attributes().containsKey(a)
            ? substring(col(a.column()), 1, 100)
            : lit(null).cast(DataTypes.StringType);
    return c.as(a.column());
  }
}
