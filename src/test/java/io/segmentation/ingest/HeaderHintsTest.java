package io.segmentation.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.errors.ColumnErrors.HeaderFix;
import io.segmentation.schema.ColumnPreset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The fix a missing-column error names, from the header alone (no Spark). */
@Tag("unit")
class HeaderHintsTest {
  private static final List<String> UCI =
      List.of(
          "InvoiceNo",
          "StockCode",
          "Description",
          "Quantity",
          "InvoiceDate",
          "UnitPrice",
          "CustomerID",
          "Country");

  private static HeaderFix hint(List<String> header) {
    return HeaderHints.of(header, ColumnPreset.UCI_ONLINE_RETAIL, Map.of());
  }

  @Test
  void anotherPresetsHeaderNamesThatPreset() {
    HeaderFix fix =
        hint(
            List.of(
                "Invoice",
                "StockCode",
                "Description",
                "Quantity",
                "InvoiceDate",
                "Price",
                "Customer ID",
                "Country"));
    assertThat(fix).isEqualTo(new HeaderFix("online-retail-ii", Map.of(), true, false));
  }

  @Test
  void aColumnUnderAnAliasNamesTheOverrideWithTheHeadersSpelling() {
    List<String> header =
        UCI.stream().map(c -> c.equals("Country") ? " country region " : c).toList();
    assertThat(hint(header))
        .isEqualTo(new HeaderFix(null, Map.of("country", "country region"), true, false));
  }

  @Test
  void presetAndAliasTogetherWhenThatIsTheShortestFix() {
    HeaderFix fix =
        hint(
            List.of(
                "Row ID",
                "Order ID",
                "Order Date",
                "Customer ID",
                "Country/Region",
                "Product ID",
                "Product Name",
                "Sales",
                "Quantity"));
    assertThat(fix)
        .isEqualTo(new HeaderFix("order-lines", Map.of("country", "Country/Region"), true, false));
  }

  @Test
  void lineAmountAliasStandsInForTheUnitPrice() {
    List<String> header = UCI.stream().map(c -> c.equals("UnitPrice") ? "Revenue" : c).toList();
    assertThat(hint(header))
        .isEqualTo(new HeaderFix(null, Map.of("line-amount", "Revenue"), true, false));
  }

  @Test
  void oneRowPerCustomerNamesInputLevel() {
    assertThat(hint(List.of("Customer ID", "Gender", "Age", "Total Spend")).customerLevel())
        .isTrue();
    assertThat(hint(List.of("customer_id", "Order Date", "Total Spend")).customerLevel()).isFalse();
  }

  @Test
  void partialFixesAreKeptAndNothingIsInventedForUnknownNames() {
    assertThat(hint(List.of("Invoice", "Item", "Qty")))
        .isEqualTo(
            new HeaderFix(null, Map.of("invoice", "Invoice", "quantity", "Qty"), false, false));
    assertThat(hint(List.of("a", "b", "c"))).isEqualTo(HeaderFix.NONE);
  }

  @Test
  void namesAConfigurationCannotHoldAreNotSuggested() {
    List<String> header =
        UCI.stream().map(c -> c.equals("Country") ? "Country\tRegion" : c).toList();
    assertThat(hint(header).columns()).isEmpty();
  }
}
