package io.segmentation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentation.errors.UserException;
import io.segmentation.schema.ColumnPreset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ConfigLoaderTest {
  @TempDir Path tmp;

  @Test
  void defaultsComeFromReferenceConf() {
    JobConfig c = ConfigLoader.load(Optional.empty(), List.of(), Map.of());
    assertThat(c.model().kValues()).containsExactly(3, 4, 5, 6, 7, 8);
    assertThat(c.model().minSegmentShare()).isEqualTo(0.02);
    assertThat(c.input().preset()).isEqualTo(ColumnPreset.UCI_ONLINE_RETAIL);
    assertThat(c.cleaning().dropDuplicates()).isTrue();
    assertThat(c.output().path()).isEqualTo("warehouse");
  }

  @Test
  void precedenceIsOptionsThenSetThenFileThenDefaults() throws Exception {
    Path file = tmp.resolve("job.conf");
    Files.writeString(
        file, "model.k = 5\nmodel.seed = 9\ninput.path = from-file\noutput.path = out-file\n");
    JobConfig c =
        ConfigLoader.load(
            Optional.of(file.toString()),
            List.of("model.k=4", "input.path=from-set"),
            Map.of("input.path", "from-option"));
    assertThat(c.model().k()).isEqualTo(4);
    assertThat(c.model().kValues()).containsExactly(4);
    assertThat(c.model().seed()).isEqualTo(9);
    assertThat(c.input().path()).isEqualTo("from-option");
    assertThat(c.output().path()).isEqualTo("out-file");
  }

  @Test
  void setAcceptsLists() {
    JobConfig c =
        ConfigLoader.load(
            Optional.empty(), List.of("cleaning.non-product-codes=[POST, DOT]"), Map.of());
    assertThat(c.cleaning().nonProductCodes()).containsExactly("POST", "DOT");
  }

  @Test
  void environmentSubstitutionInFiles() throws Exception {
    String home = System.getenv("HOME");
    Path file = tmp.resolve("env.conf");
    Files.writeString(
        file,
        "output.path = ${HOME}\"/warehouse\"\ninput.path = \"x\"\ninput.path = ${?SEGMENTATION_TEST_UNSET_VARIABLE}\n");
    JobConfig c = ConfigLoader.load(Optional.of(file.toString()), List.of(), Map.of());
    assertThat(c.output().path()).isEqualTo(home + "/warehouse");
    assertThat(c.input().path()).isEqualTo("x");
  }

  @Test
  void shippedConfigsAreValid() {
    for (String f :
        List.of("conf/local.conf", "conf/online-retail.conf", "conf/cluster-example.conf")) {
      JobConfig c = ConfigLoader.load(Optional.of(f), List.of(), Map.of());
      assertThat(c.input().preset()).as(f).isEqualTo(ColumnPreset.UCI_ONLINE_RETAIL);
    }
    assertThat(
            ConfigLoader.load(Optional.of("conf/cluster-example.conf"), List.of(), Map.of())
                .output()
                .database())
        .contains("customer_segmentation");
  }

  @Test
  void renderedConfigurationMasksSecrets() {
    String rendered =
        ConfigLoader.render(
            ConfigLoader.effective(
                Optional.empty(),
                List.of(),
                Map.of(
                    "input.path",
                    "s3a://AKIAEXAMPLE:wJalrXUtnFEMIsecret@bucket/invoices",
                    "output.path",
                    "out")));
    assertThat(rendered).doesNotContain("wJalrXUtnFEMIsecret").doesNotContain("AKIAEXAMPLE");
    assertThat(rendered).contains("s3a://" + ConfigLoader.MASK + "@bucket/invoices");
    assertThat(rendered).contains("uci-online-retail");
  }

  @Test
  void clvDefaults() {
    JobConfig.Clv clv = ConfigLoader.load(Optional.empty(), List.of(), Map.of()).clv();
    assertThat(clv.enabled()).isTrue();
    assertThat(clv.model()).isEqualTo(ClvModel.MBGNBD);
    assertThat(clv.maxFitCustomers()).isEqualTo(200_000);
    assertThat(clv.holdoutDays()).isEqualTo(90);
    assertThat(clv.monthlyDiscountRate()).isEqualTo(0.01);
    assertThat(clv.margin()).isEqualTo(1.0);
  }

  @Test
  void clvSettingsFromAFile() throws Exception {
    Path file = tmp.resolve("clv.conf");
    Files.writeString(
        file,
        "clv { enabled = false, model = bgnbd, max-fit-customers = 5000, holdout-days = 0,"
            + " monthly-discount-rate = 0.02, margin = 0.3 }\n");
    JobConfig.Clv clv = ConfigLoader.load(Optional.of(file.toString()), List.of(), Map.of()).clv();
    assertThat(clv).isEqualTo(new JobConfig.Clv(false, ClvModel.BGNBD, 5000, 0, 0.02, 0.3));
  }

  @Test
  void badClvValuesNameTheKeyTheValueAndWhatIsAllowed() {
    assertBadSet("clv.model=pareto", "'clv.model'", "'pareto'", "allowed values are mbgnbd, bgnbd");
    assertBadSet("clv.max-fit-customers=10", "'clv.max-fit-customers'", "'10'", "at least 100");
    assertBadSet("clv.holdout-days=-1", "'clv.holdout-days'", "'-1'", "at least 0");
    assertBadSet("clv.holdout-days=4000", "'clv.holdout-days'", "'4000'", "between 0 (no check)");
    assertBadSet(
        "clv.monthly-discount-rate=1.5", "'clv.monthly-discount-rate'", "'1.5'", "between 0 and 1");
    assertBadSet("clv.margin=-0.1", "'clv.margin'", "'-0.1'", "between 0 and 1");
    assertBadSet("clv.margin=lots", "'clv.margin'", "'lots'", "it must be a number");
    assertBadSet("clv.enabled=maybe", "'clv.enabled'", "'maybe'", "true or false");
  }

  @Test
  void unknownClvKeyIsRefusedWithTheKnownOnes() throws Exception {
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), List.of("clv.horizon=365"), Map.of()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("'clv.horizon'")
        .hasMessageContaining("holdout-days")
        .hasMessageContaining("monthly-discount-rate");
    Path file = tmp.resolve("typo.conf");
    Files.writeString(file, "clv { modle = bgnbd }\n");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file.toString()), List.of(), Map.of()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("'clv.modle'")
        .hasMessageContaining("model");
  }

  private static void assertBadSet(String set, String... fragments) {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), List.of(set), Map.of()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("Configuration key")
        .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
  }
}
