package io.segmentation.features;

import static org.apache.spark.sql.functions.*;

import io.segmentation.ingest.CustomerAttribute;
import io.segmentation.ingest.CustomerTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Customer attributes (gender, age and its band, city, membership), one row per customer id, from
 * a customer-level table. Missing attributes are null; an age that is not a whole number between 0
 * and 120 is null. When an id appears twice, the first row wins.
 */
public final class CustomerAttributes {
  public static final String AGE_BAND = "age_band";

  private CustomerAttributes() {}

  public static Dataset<Row> of(CustomerTable table) {
    Dataset<Row> rows = table.rows();
    Column age = table.attributes().containsKey(CustomerAttribute.AGE)
        ? col(CustomerAttribute.AGE.column()).try_cast(DataTypes.DoubleType)
        : lit(null).cast(DataTypes.DoubleType);
    Column validAge = when(age.between(0, 120), floor(age).cast(DataTypes.IntegerType));
    return rows.where(col(CustomerAttribute.CUSTOMER_ID.column()).isNotNull())
        .select(
            col(CustomerAttribute.CUSTOMER_ID.column()).as(FeatureColumns.CUSTOMER_ID),
            text(table, CustomerAttribute.GENDER),
            validAge.as(CustomerAttribute.AGE.column()),
            ageBand(validAge).as(AGE_BAND),
            text(table, CustomerAttribute.CITY),
            text(table, CustomerAttribute.MEMBERSHIP))
        .dropDuplicates(FeatureColumns.CUSTOMER_ID);
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
    Column c = table.attributes().containsKey(a) ? substring(col(a.column()), 1, 100) : lit(null).cast(DataTypes.StringType);
    return c.as(a.column());
  }
}
