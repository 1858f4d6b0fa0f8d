package io.segmentation.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.config.JobConfig;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class HeaderLineTest {
  private static final JobConfig.Csv SEMICOLONS =
      new JobConfig.Csv(true, ";", "\"", "\\", "UTF-8", false, false, List.of());

  @Test
  void namesFollowSparksRulesForBlankAndRepeatedNames() {
    String[] record = {"InvoiceNo", "", "Qty", "qty", null, "Price"};
    assertThat(HeaderLine.columnNames(record, true))
        .containsExactly("InvoiceNo", "_c1", "Qty2", "qty3", "_c4", "Price");
    assertThat(HeaderLine.columnNames(record, false))
        .containsExactly("_c0", "_c1", "_c2", "_c3", "_c4", "_c5");
  }

  @Test
  void eachFilesFirstNonBlankRecordIsParsedLikeSparkInNameOrder(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("0-empty.csv"), "");
    Files.writeString(dir.resolve("_SUCCESS"), "");
    Files.writeString(dir.resolve(".a.csv.gz.crc"), "junk");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("a.csv.gz")))) {
      out.write("\n  \n\"In;voice\";Qty; Price \n1;2;3\n".getBytes(StandardCharsets.UTF_8));
    }
    Files.writeString(dir.resolve("b.csv"), "Other;Header\n");
    List<HeaderLine.Record> records = HeaderLine.records(conf, files(dir), SEMICOLONS);
    assertThat(records)
        .extracting(r -> r.file().replaceAll(".*/", ""))
        .containsExactly("a.csv.gz", "b.csv");
    assertThat(records.get(0).fields()).containsExactly("In;voice", "Qty", " Price ");
    assertThat(records.get(1).fields()).containsExactly("Other", "Header");
  }

  @Test
  void noRecordInEmptyFiles(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.csv"), "\n\n");
    assertThat(HeaderLine.records(conf, files(dir), SEMICOLONS)).isEmpty();
  }

  @Test
  void headersAreTheSameIgnoringCaseSurroundingSpacesAndAByteOrderMarkButNotOrder() {
    String[] first = {"\uFEFFInvoiceNo", "Quantity", "UnitPrice"};
    assertThat(HeaderLine.sameHeader(first, new String[] {"invoiceno ", " QUANTITY", "unitprice"}))
        .isTrue();
    assertThat(HeaderLine.sameHeader(first, new String[] {"InvoiceNo", "UnitPrice", "Quantity"}))
        .isFalse();
    assertThat(HeaderLine.sameHeader(first, new String[] {"InvoiceNo", "Quantity"})).isFalse();
  }

  private final Configuration conf = new Configuration();

  private List<InputFiles.InputFile> files(Path dir) throws Exception {
    FileStatus[] folder = {FileSystem.getLocal(conf).getFileStatus(toHadoop(dir))};
    return InputFiles.list(conf, folder);
  }

  private static org.apache.hadoop.fs.Path toHadoop(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }
}
