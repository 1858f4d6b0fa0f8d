package io.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The docs stay true to the tree: links resolve, configuration keys named in the docs exist in
 * reference.conf and every key is documented, and no doc or main source carries ticket numbers or
 * lab-log entries (those belong in the changelog, the commit messages and the performance doc).
 */
@Tag("unit")
class DocsTest {

  static final Path REFERENCE_CONF =
      Path.of("src/main/resources/io/segmentation/config/reference.conf");
  static final Path CONFIGURATION_DOC = Path.of("docs/configuration.md");

  private static final Pattern LINK =
      Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");

  /** README.md, CHANGELOG.md and docs/*.md: the Markdown a reader follows links through. */
  static List<Path> markdownDocs() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(Path.of("README.md"), Path.of("CHANGELOG.md")));
    try (Stream<Path> s = Files.list(Path.of("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  @Test
  void everyRelativeLinkResolvesToAFileAndAHeading() throws IOException {
    assertThat(brokenLinks(markdownDocs())).isEmpty();
  }

  /** Each broken relative link as "file: link (why)". */
  static List<String> brokenLinks(List<Path> docs) throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path doc : docs) {
      for (String line : proseLines(doc)) {
        Matcher m = LINK.matcher(line);
        while (m.find()) {
          String link = m.group(1);
          if (link.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            continue; // https:, mailto: and the like
          }
          int hash = link.indexOf('#');
          String file = hash < 0 ? link : link.substring(0, hash);
          String anchor = hash < 0 ? null : link.substring(hash + 1);
          Path target =
              file.isEmpty() ? doc : doc.toAbsolutePath().getParent().resolve(file).normalize();
          if (!Files.exists(target)) {
            broken.add(doc + ": " + link + " (no such file)");
          } else if (anchor != null
              && target.toString().endsWith(".md")
              && !headingSlugs(target).contains(anchor)) {
            broken.add(doc + ": " + link + " (no such heading in " + target.getFileName() + ")");
          }
        }
      }
    }
    return broken;
  }

  /** The anchors GitHub gives a file's headings (its slug rules, duplicates numbered). */
  static Set<String> headingSlugs(Path md) throws IOException {
    Set<String> slugs = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : proseLines(md)) {
      Matcher h = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$").matcher(line);
      if (h.matches()) {
        String slug = slug(h.group(1));
        int n = seen.merge(slug, 1, Integer::sum) - 1;
        slugs.add(n == 0 ? slug : slug + "-" + n);
      }
    }
    return slugs;
  }

  /** GitHub's heading slug: lower case, punctuation dropped (not - or _), spaces to hyphens. */
  static String slug(String heading) {
    String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
    return text.toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "")
        .replace(' ', '-');
  }

  /** A Markdown file's lines outside fenced code blocks. */
  static List<String> proseLines(Path md) throws IOException {
    List<String> lines = new ArrayList<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(md)) {
      if (line.stripLeading().startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced) {
        lines.add(line);
      }
    }
    return lines;
  }

  @Test
  void everyConfigurationKeyTheDocsNameExists() throws IOException {
    assertThat(unknownKeys(markdownDocs(), configPaths())).isEmpty();
  }

  @Test
  void everyKeyOfReferenceConfIsDocumented() throws IOException {
    assertThat(undocumentedKeys(CONFIGURATION_DOC, leafKeys())).isEmpty();
  }

  /**
   * Keys named in the docs that reference.conf lacks. A key is a code span that is exactly a dotted
   * path starting with a top-level block of reference.conf ({@code model.k-min}), optionally with a
   * value ({@code input.level = customers}), a {@code --set} in front, or a wildcard or placeholder
   * last segment ({@code input.columns.*}, {@code input.columns.KEY="Name"}).
   */
  static List<String> unknownKeys(List<Path> docs, Set<String> paths) throws IOException {
    Set<String> blocks = new TreeSet<>();
    paths.stream().filter(p -> !p.contains(".")).forEach(blocks::add);
    Pattern key =
        Pattern.compile(
            "(?:--set\\s+'?)?((?:"
                + String.join("|", blocks)
                + ")(?:\\.[a-z0-9][a-z0-9-]*)*)(\\.\\*|\\.[A-Z]+)?(?:\\s*=.*)?'?");
    List<String> unknown = new ArrayList<>();
    for (Path doc : docs) {
      for (String line : proseLines(doc)) {
        Matcher span = CODE_SPAN.matcher(line);
        while (span.find()) {
          Matcher k = key.matcher(span.group(1).trim());
          if (k.matches() && !paths.contains(k.group(1))) {
            unknown.add(doc + ": " + k.group(1));
          }
        }
      }
    }
    return unknown;
  }

  /**
   * Leaf keys of reference.conf that the configuration doc does not name: a key is named when the
   * doc has it in a code span, or has a line with a code span starting with its parent path ({@code
   * input.csv.header} or {@code input.columns.*}) and its last segment in a code span of its own
   * ({@code `escape`}), as the doc's rows of related keys write it.
   */
  static List<String> undocumentedKeys(Path doc, Set<String> leaves) throws IOException {
    List<String> lines = proseLines(doc);
    List<String> missing = new ArrayList<>();
    for (String leaf : leaves) {
      int dot = leaf.lastIndexOf('.');
      String parent = leaf.substring(0, dot + 1);
      String last = "`" + leaf.substring(dot + 1) + "`";
      boolean named =
          lines.stream()
              .anyMatch(
                  l ->
                      l.contains("`" + leaf + "`")
                          || (l.contains("`" + parent) && l.contains(last)));
      if (!named) {
        missing.add(leaf);
      }
    }
    return missing;
  }

  /** Every path of reference.conf, objects and leaves (null defaults included). */
  static Set<String> configPaths() {
    Set<String> paths = new TreeSet<>();
    walk(ConfigFactory.parseFile(REFERENCE_CONF.toFile()).root(), "", paths, true);
    return paths;
  }

  /** The leaf keys of reference.conf. */
  static Set<String> leafKeys() {
    Set<String> leaves = new TreeSet<>();
    walk(ConfigFactory.parseFile(REFERENCE_CONF.toFile()).root(), "", leaves, false);
    return leaves;
  }

  private static void walk(ConfigObject object, String prefix, Set<String> out, boolean objects) {
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      String path = prefix + e.getKey();
      if (e.getValue() instanceof ConfigObject child) {
        if (objects) {
          out.add(path);
        }
        walk(child, path + ".", out, objects);
      } else {
        out.add(path);
      }
    }
  }

  /** What marks a ticket reference or a lab-log entry, each with its name for the failure. */
  static final Map<String, Pattern> HISTORY =
      Map.of(
          "ticket number",
          Pattern.compile("(?i)\\bissues?\\s+#?\\d+\\b|(?:^|[\\s(\\[,;])#\\d+\\b"),
          "round or session label",
          Pattern.compile(
              "(?i)\\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                  + "eleventh|twelfth|this|that|last|next|previous|earlier|later|latest)"
                  + "\\s+(?:round|session)s?\\b"
                  + "|\\b(?:round|session)\\s+\\d+\\b|how we got here"),
          "dated lab entry",
          Pattern.compile(
              "(?i)\\b20\\d\\d-\\d\\d-\\d\\d\\b[^.\\n]{0,20}\\b(?:morning|midday|noon|afternoon"
                  + "|evening|night)\\b|\\bin the same hour\\b|\\bthe day before\\b"));

  @Test
  void noTicketNumbersOrLabLogInDocsOrMainSources() throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(Path.of("README.md"));
    for (Path root : List.of(Path.of("docs"), Path.of("src/main"))) {
      try (Stream<Path> s = Files.walk(root)) {
        s.filter(Files::isRegularFile).sorted().forEach(files::add);
      }
    }
    assertThat(historyMarks(files)).isEmpty();
  }

  /** Each line that carries a ticket number or a lab-log mark, as "file:line: kind: text". */
  static List<String> historyMarks(List<Path> files) throws IOException {
    List<String> found = new ArrayList<>();
    for (Path file : files) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (MalformedInputException binary) {
        continue; // images and other binary files carry no prose
      }
      for (int i = 0; i < lines.size(); i++) {
        for (Map.Entry<String, Pattern> mark : HISTORY.entrySet()) {
          if (mark.getValue().matcher(lines.get(i)).find()) {
            found.add(file + ":" + (i + 1) + ": " + mark.getKey() + ": " + lines.get(i).strip());
          }
        }
      }
    }
    return found;
  }
}
