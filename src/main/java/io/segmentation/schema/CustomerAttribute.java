package io.segmentation.schema;

import java.util.List;
import java.util.Locale;

/**
 * Columns of a customer-level table (customer-level input or the attributes file) that the job
 * recognises by name: the customer id and the descriptive attributes that flow into {@code
 * dim_customer}. Names match when they are equal ignoring case, spaces, punctuation and
 * underscores; {@code input.attributes.columns.<key>} names a column explicitly.
 */
public enum CustomerAttribute {
  CUSTOMER_ID(
      "customer-id",
      InvoiceColumns.CUSTOMER_ID,
      List.of(
          "customer id",
          "customer",
          "client_id",
          "customer_no",
          "customer_number",
          "user_id",
          "id")),
  GENDER("gender", "gender", List.of("gender", "sex")),
  AGE("age", "age", List.of("age", "age_years")),
  CITY("city", "city", List.of("city", "town")),
  MEMBERSHIP(
      "membership",
      "membership",
      List.of(
          "membership",
          "membership_type",
          "membership_level",
          "membership_tier",
          "tier",
          "loyalty_tier",
          "loyalty_level")),
  /** The source's own customer segment (e.g. Consumer, Corporate, Home Office). */
  SEGMENT(
      "segment",
      InvoiceColumns.CUSTOMER_SEGMENT,
      List.of("customer segment", "segment", "customer type"));

  private final String configKey;
  private final String column;
  private final List<String> aliases;

  CustomerAttribute(String configKey, String column, List<String> aliases) {
    this.configKey = configKey;
    this.column = column;
    this.aliases = aliases;
  }

  /** Key under {@code input.attributes.columns}. */
  public String configKey() {
    return configKey;
  }

  /** The column name in the job's frames and in {@code dim_customer}. */
  public String column() {
    return column;
  }

  /** Source names recognised without configuration. */
  public List<String> aliases() {
    return aliases;
  }

  /** The attributes proper (everything but the id). */
  public static List<CustomerAttribute> descriptive() {
    return List.of(GENDER, AGE, CITY, MEMBERSHIP, SEGMENT);
  }

  /** A name reduced for matching: lower case, letters and digits only. */
  public static String matchKey(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  /** A source column name as a snake_case column name ("Total Spend" becomes total_spend). */
  public static String snakeCase(String name) {
    String s =
        name.trim()
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "_")
            .replaceAll("^_+|_+$", "");
    return s.isEmpty() || !Character.isLetter(s.charAt(0)) ? "c_" + s : s;
  }
}
