package io.cutover.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation's links hold: every relative link in README.md, CONTRIBUTING.md and docs/
 * names a file of the checkout, every #anchor a heading (or id) of the page it points into, and
 * every page under docs/ can be reached from the README. Pages move and headings get renamed;
 * a reader who lands on a dead link stops reading.
 */
class DocsLinksTest {
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private final Path root = checkout();
    private final Map<Path, MarkdownPage> pages = new HashMap<>();

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : documentation()) {
            for (MarkdownPage.Link link : page(file).links()) {
                String problem = problem(file, link.target());
                if (problem != null) broken.add(root.relativize(file) + ":" + link.line() + ": " + link.target() + ": " + problem);
            }
        }
        assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
    }

    @Test
    void everyPageUnderDocsIsReachableFromTheReadme() throws IOException {
        Set<Path> reached = new LinkedHashSet<>();
        Deque<Path> next = new ArrayDeque<>(List.of(root.resolve("README.md")));
        while (!next.isEmpty()) {
            Path file = next.pop();
            if (!reached.add(file)) continue;
            for (MarkdownPage.Link link : page(file).links()) {
                Path target = target(file, link.target());
                if (target != null && target.toString().endsWith(".md") && Files.isRegularFile(target)
                        && target.startsWith(root) && !reached.contains(target)) {
                    next.push(target);
                }
            }
        }
        List<String> orphans = documentation().stream().filter(p -> !reached.contains(p))
                .map(p -> root.relativize(p).toString()).toList();
        assertEquals(List.of(), orphans, "pages no link from the README leads to");
    }

    @Test
    void anchorsFollowGitHubsRule() {
        assertEquals("dual-write-traffic-cutover-traffic", MarkdownPage.slug("Dual-write traffic: `cutover traffic`"));
        assertEquals("proof-that-the-old-writes-stopped-cutover-watch-writes-cutover-snapshot-diff",
                MarkdownPage.slug("Proof that the old writes stopped: `cutover watch-writes`, `cutover snapshot diff`"));
        assertEquals("storage-local-disks-hdfs-object-stores", MarkdownPage.slug("Storage: local disks, HDFS, object stores"));
        assertEquals("the-sides-bound", MarkdownPage.slug("The [sides](x.md) bound"));
    }

    @Test
    void codeIsNotALinkAndHeadingsRepeatWithASuffix(@TempDir Path dir) throws IOException {
        Path page = dir.resolve("page.md");
        Files.writeString(page, String.join("\n",
                "# Title",
                "See [the other](other.md#part) and `[not](code.md)`, then `a span that",
                "runs over [a break](broken.md)` and [after it](after.md).",
                "```",
                "[fenced](fenced.md)",
                "# not a heading",
                "```",
                "## Part",
                "## Part",
                "[ref]: reference.md"));
        MarkdownPage read = MarkdownPage.read(page);
        assertEquals(List.of("other.md#part", "after.md", "reference.md"),
                read.links().stream().map(MarkdownPage.Link::target).toList());
        assertEquals(List.of(2, 3, 10), read.links().stream().map(MarkdownPage.Link::line).toList());
        assertEquals(Set.of("title", "part", "part-1"), read.anchors());
    }

    /** Why a link does not resolve, or null when it does (links with a scheme are not followed). */
    private String problem(Path from, String link) throws IOException {
        if (SCHEME.matcher(link).find()) return null;
        Path target = target(from, link);
        if (target == null) return "not a relative path";
        if (!target.startsWith(root)) return "leaves the checkout";
        if (!Files.exists(target)) return "no such file";
        int hash = link.indexOf('#');
        if (hash < 0) return null;
        String anchor = link.substring(hash + 1);
        if (!target.toString().endsWith(".md")) return "an anchor into a file that is not Markdown";
        return page(target).anchors().contains(anchor) ? null : "no heading or id '" + anchor + "' in " + root.relativize(target);
    }

    private static Path target(Path from, String link) {
        if (SCHEME.matcher(link).find() || link.startsWith("/")) return null;
        int hash = link.indexOf('#');
        String path = hash < 0 ? link : link.substring(0, hash);
        return path.isEmpty() ? from : from.getParent().resolve(path).normalize();
    }

    private MarkdownPage page(Path file) throws IOException {
        MarkdownPage page = pages.get(file);
        if (page == null) {
            page = MarkdownPage.read(file);
            pages.put(file, page);
        }
        return page;
    }

    /** README.md, CONTRIBUTING.md and every Markdown page under docs/. */
    private List<Path> documentation() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String name : List.of("README.md", "CONTRIBUTING.md")) {
            if (Files.isRegularFile(root.resolve(name))) files.add(root.resolve(name));
        }
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** The checkout's root: the first directory upwards holding README.md and spark-jobs/. */
    private static Path checkout() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("spark-jobs"))) return dir;
        }
        throw new IllegalStateException("no checkout above " + Path.of("").toAbsolutePath());
    }
}
