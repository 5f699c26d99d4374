package io.cutover.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Markdown page as a reader's browser sees it: the anchors its headings get (GitHub's rule)
 * and the links it makes. Code (fenced blocks and inline spans) is set aside first, since
 * brackets and parentheses in commands are not links.
 */
record MarkdownPage(Path file, Set<String> anchors, List<Link> links) {

    /** A link as written ({@code target}) and the line it is on, for the failure message. */
    record Link(int line, String target) {}

    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)(.+?)\\1");
    // A code span, possibly over line breaks, never over a blank line (that ends the paragraph).
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)((?:(?!\\n\\s*\\n).)+?)\\1", Pattern.DOTALL);
    // [text](target "title") and ![alt](target); the text may hold one level of brackets.
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
    private static final Pattern HTML_ID = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
    private static final Pattern HTML_HREF = Pattern.compile("<a\\s+[^>]*href=\"([^\"]+)\"");

    static MarkdownPage read(Path file) throws IOException {
        List<String> lines = prose(Files.readAllLines(file));
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                String slug = slug(h.group(2));
                int n = seen.merge(slug, 1, Integer::sum);
                anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
            Matcher id = HTML_ID.matcher(line);
            while (id.find()) anchors.add(id.group(1));
            for (Pattern p : List.of(INLINE_LINK, REFERENCE_DEFINITION, HTML_HREF)) {
                Matcher m = p.matcher(INLINE_CODE.matcher(line).replaceAll("code"));
                while (m.find()) links.add(new Link(i + 1, m.group(1)));
            }
        }
        return new MarkdownPage(file, anchors, links);
    }

    /**
     * The page's lines with fenced blocks blanked and the inside of code spans that run over a
     * line break masked, so that neither can pass for a heading or a link; line numbers stay.
     * (Spans within one line are kept: a heading's slug needs their text.)
     */
    private static List<String> prose(List<String> lines) {
        StringBuilder text = new StringBuilder();
        String fence = null;
        for (String line : lines) {
            Matcher f = FENCE.matcher(line);
            if (f.find() && (fence == null || f.group(1).equals(fence))) {
                fence = fence == null ? f.group(1) : null;
                text.append('\n');
            } else {
                text.append(fence == null ? line : "").append('\n');
            }
        }
        Matcher span = CODE_SPAN.matcher(text);
        StringBuilder masked = new StringBuilder();
        while (span.find()) {
            String code = span.group();
            span.appendReplacement(masked, Matcher.quoteReplacement(code.contains("\n") ? code.replaceAll("[^\n]", "x") : code));
        }
        span.appendTail(masked);
        return List.of(masked.toString().split("\n", -1));
    }

    /**
     * GitHub's anchor for a heading: the rendered text (code spans and link targets gone, their
     * text kept), lower-cased, every character but letters, digits, spaces, '-' and '_' dropped,
     * spaces made '-'.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
        StringBuilder out = new StringBuilder();
        for (int cp : text.toLowerCase(Locale.ROOT).codePoints().toArray()) {
            if (Character.isLetterOrDigit(cp) || cp == '-' || cp == '_') out.appendCodePoint(cp);
            else if (cp == ' ') out.append('-');
        }
        return out.toString();
    }
}
