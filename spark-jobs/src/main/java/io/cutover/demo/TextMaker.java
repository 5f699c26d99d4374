package io.cutover.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * Forum text with the shapes that break migrations: emoji (incl. ZWJ sequences), CJK, RTL
 * scripts, precomposed and combining accents (so NFC and NFD differ), markdown, and a heavy
 * tail of long posts (up to ~40k characters). Public for the traffic generator, which writes
 * the same kinds of text into a live world.
 */
public final class TextMaker {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_CHARS = 40_000;

    static final String[] WORDS_ASCII = (
            "data course learner exam credential program certificate online week module lecture problem set "
          + "python statistics probability supply chain finance economics physics machine learning model "
          + "question answer thanks help deadline grade review forum discussion project team mentor office "
          + "hours video transcript quiz notebook matrix vector gradient loss function proof theorem lemma "
          + "graph network signal circuit energy climate policy market demand price cost analysis design "
          + "research paper draft feedback great idea agree disagree interesting confusing simple hard").split(" ");

    private static final String[] WORDS = WORDS_ASCII;

    /** Tokens that make Unicode handling matter; the first group changes under NFD. */
    private static final String[] UNICODE = {
        "café", "naïve", "Zürich", "São Paulo", "Ångström", "résumé", "Málaga", "Kraków", "façade", "jalapeño",
        "e\u0301tude", "Cafe\u0301", "🎓", "🚀", "😀", "👩‍🔬", "👍🏽", "🇺🇸", "数据科学", "機械学習",
        "こんにちは", "안녕하세요", "مرحبا بالعالم", "שלום", "नमस्ते", "Привет", "Ελληνικά", "∑∫√π", "½ ¼ ¾", "—"};

    private TextMaker() {}

    static String word(SplittableRandom r) {
        return r.nextInt(14) == 0 ? UNICODE[r.nextInt(UNICODE.length)] : WORDS[r.nextInt(WORDS.length)];
    }

    public static String title(SplittableRandom r) {
        int n = 3 + r.nextInt(10);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append(' ');
            String w = i == 2 && r.nextInt(3) == 0 ? UNICODE[r.nextInt(10)] : word(r);
            b.append(i == 0 ? capitalize(w) : w);
        }
        if (r.nextInt(5) == 0) b.append('?');
        return b.length() > 300 ? b.substring(0, 300) : b.toString();
    }

    public static String sentence(SplittableRandom r) {
        int n = 4 + r.nextInt(14);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append(' ');
            String w = word(r);
            b.append(i == 0 ? capitalize(w) : w);
        }
        return b.append(r.nextInt(6) == 0 ? "!" : ".").toString();
    }

    /** Markdown with a heavy-tailed length; {@code meanSentences} sets the typical size. */
    public static String markdown(SplittableRandom r, double meanSentences) {
        int sentences = 1 + KeyedRandom.heavyTailed(r, meanSentences, 2_000);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sentences && b.length() < MAX_CHARS; i++) {
            int shape = r.nextInt(40);
            if (i > 0) b.append(r.nextInt(4) == 0 ? "\n\n" : " ");
            switch (shape) {
                case 0 -> b.append("## ").append(capitalize(word(r))).append(' ').append(word(r)).append("\n\n").append(sentence(r));
                case 1 -> b.append("- ").append(sentence(r)).append("\n- ").append(sentence(r)).append('\n');
                case 2 -> b.append("> ").append(sentence(r)).append('\n');
                case 3 -> b.append("See [").append(word(r)).append("](https://ocw.mit.edu/courses/")
                        .append(r.nextInt(100_000)).append(") for ").append(word(r)).append('.');
                case 4 -> b.append("**").append(word(r)).append("** ").append(sentence(r));
                case 5 -> b.append("Try `").append(word(r)).append("()` first. ").append(sentence(r));
                default -> b.append(sentence(r));
            }
        }
        return b.length() > MAX_CHARS ? trimTo(b, MAX_CHARS) : b.toString();
    }

    /** Plain text, as a link preview would show it. */
    public static String preview(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) b.append(i > 0 ? " " : "").append(sentence(r));
        return b.toString();
    }

    /** An article's content: JSON blocks of headings, paragraphs and now and then an image. */
    public static String article(SplittableRandom r) {
        ObjectNode content = JSON.createObjectNode();
        ArrayNode blocks = content.putArray("blocks");
        int n = 1 + KeyedRandom.heavyTailed(r, 4, 200);
        for (int i = 0; i < n; i++) {
            boolean heading = r.nextInt(5) == 0;
            blocks.addObject().put("type", heading ? "heading" : "paragraph")
                    .put("text", heading ? title(r) : markdown(r, 3).replace("\n", " "));
        }
        if (r.nextInt(4) == 0) blocks.addObject().put("type", "image").put("src", "https://img.example.org/a.png");
        try {
            return JSON.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String trimTo(StringBuilder b, int max) {
        int end = max;
        // never split a surrogate pair or leave a dangling combining mark's base behind
        while (end > 0 && Character.isHighSurrogate(b.charAt(end - 1))) end--;
        return b.substring(0, end);
    }

    static String capitalize(String w) {
        return w.isEmpty() || !Character.isLowerCase(w.charAt(0)) ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }
}
