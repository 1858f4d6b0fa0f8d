package io.segmentation.config;

import static org.assertj.core.api.Assertions.assertThat;

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
}
