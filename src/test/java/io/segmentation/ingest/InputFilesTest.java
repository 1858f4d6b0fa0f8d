package io.segmentation.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class InputFilesTest {
  @TempDir Path dir;

  @Test
  void aFolderListsItsFilesDepthFirstInPathOrderWithSizeAndTimeAndSkipsHiddenOnes()
      throws Exception {
    write("b.csv", "12345");
    write("a/2.csv", "1");
    write("a/1.csv", "12");
    write("_SUCCESS", "");
    write(".b.csv.crc", "x");
    write("_tmp/c.csv", "123");
    Files.setLastModifiedTime(dir.resolve("b.csv"), FileTime.fromMillis(1_600_000_000_000L));
    Configuration conf = new Configuration();
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir.toUri());
    FileSystem fs = root.getFileSystem(conf);
    List<InputFiles.InputFile> files =
        InputFiles.list(conf, new FileStatus[] {fs.getFileStatus(root)});
    assertThat(files)
        .extracting(f -> Path.of(new java.net.URI(f.path())).getFileName().toString())
        .containsExactly("1.csv", "2.csv", "b.csv");
    assertThat(files).extracting(InputFiles.InputFile::sizeBytes).containsExactly(2L, 1L, 5L);
    assertThat(files.get(2).modifiedMillis()).isEqualTo(1_600_000_000_000L);
    assertThat(InputFiles.totalBytes(files)).isEqualTo(8L);
  }

  private void write(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }
}
