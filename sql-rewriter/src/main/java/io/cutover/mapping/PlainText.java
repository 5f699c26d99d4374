package io.cutover.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Pattern;

/**
 * The app's rule for {@code discussions_post.plain_text}: markdown of text posts without its
 * markup, and the text blocks of an article's content joined by newlines. The demo world
 * writes it and verify recomputes it, so both read this one definition.
 */
public final class PlainText {
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\([^)]*\\)");
    private static final Pattern LINE_MARKUP = Pattern.compile("(?m)^(#{1,6} |> |- |\\* |\\d+\\. )");
    private static final Pattern EMPHASIS = Pattern.compile("\\*\\*|__|`");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlainText() {}

    public static String fromMarkdown(String markdown) {
        if (markdown == null) return null;
        String s = LINK.matcher(markdown).replaceAll("$1");
        s = LINE_MARKUP.matcher(s).replaceAll("");
        return EMPHASIS.matcher(s).replaceAll("").strip();
    }

    /** Article content is {@code {"blocks":[{"type":..., "text":...}, ...]}}. */
    public static String fromArticle(String contentJson) {
        if (contentJson == null) return null;
        try {
            JsonNode blocks = JSON.readTree(contentJson).path("blocks");
            StringBuilder b = new StringBuilder();
            for (JsonNode block : blocks) {
                String text = block.path("text").asText("");
                if (text.isEmpty()) continue;
                if (b.length() > 0) b.append('\n');
                b.append(text);
            }
            return b.toString();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("article content is not JSON: " + e.getMessage(), e);
        }
    }
}
