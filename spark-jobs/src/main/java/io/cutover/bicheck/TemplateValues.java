package io.cutover.bicheck;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values for a templated BI query, declared in the query itself by a comment such as
 * {@code -- bi-check: channel = 'micromasters'}: each {@code {{var}}} becomes its value
 * (the same SQL text in the old query and in its rewrite); an optional {@code [[ ... ]]}
 * block is kept when every variable in it has a value and dropped otherwise, as BI tools do.
 */
final class TemplateValues {
    private static final Pattern DECLARATION = Pattern.compile("(?m)^\\s*--\\s*bi-check:\\s*(\\w+)\\s*=\\s*(.+?)\\s*$");
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
    private static final Pattern OPTIONAL = Pattern.compile("\\[\\[(.*?)]]", Pattern.DOTALL);

    private TemplateValues() {}

    static Map<String, String> declared(String sql) {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = DECLARATION.matcher(sql);
        while (m.find()) values.put(m.group(1), m.group(2));
        return values;
    }

    /** The query with values in; null when a required (non-optional) variable has no value. */
    static String apply(String sql, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        Matcher o = OPTIONAL.matcher(sql);
        int at = 0;
        while (o.find()) {
            out.append(sql, at, o.start());
            Matcher v = VARIABLE.matcher(o.group(1));
            boolean all = true;
            while (v.find()) all &= values.containsKey(v.group(1));
            if (all) out.append(o.group(1));
            at = o.end();
        }
        out.append(sql.substring(at));
        StringBuilder done = new StringBuilder();
        Matcher v = VARIABLE.matcher(out);
        while (v.find()) {
            String value = values.get(v.group(1));
            if (value == null) return null;
            v.appendReplacement(done, Matcher.quoteReplacement(value));
        }
        v.appendTail(done);
        return done.toString();
    }
}
