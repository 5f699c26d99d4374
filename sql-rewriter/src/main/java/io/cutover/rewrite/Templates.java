package io.cutover.rewrite;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BI template syntax ({@code {{var}}} placeholders, {@code [[ optional ]]} blocks) does not
 * parse. We mask it with text of the same length ({@code :var} bind parameters padded with
 * blanks, blanks for the brackets) so that token positions in the masked text are positions
 * in the original: edits then apply to the original and the templates survive untouched.
 */
final class Templates {
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");

    private Templates() {}

    static String mask(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        Matcher m = VARIABLE.matcher(sql);
        int at = 0;
        while (m.find()) {
            out.append(brackets(sql.substring(at, m.start())));
            String name = m.group(1).replaceAll("\\W", "_");
            if (name.isEmpty() || Character.isDigit(name.charAt(0))) name = "v" + name;
            String param = ":" + name;
            int width = m.end() - m.start();
            if (param.length() > width) param = param.substring(0, width);
            out.append(param).append(" ".repeat(width - param.length()));
            at = m.end();
        }
        out.append(brackets(sql.substring(at)));
        return out.toString();
    }

    private static String brackets(String s) {
        return s.replace("[[", "  ").replace("]]", "  ");
    }
}
