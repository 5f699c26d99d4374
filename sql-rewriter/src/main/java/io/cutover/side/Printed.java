package io.cutover.side;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** What a dialect makes of a node: its SQL, or why the engine has no form of it. */
public sealed interface Printed {
    record Sql(String text) implements Printed {}

    record NotPortable(String reason) implements Printed {}

    static Printed sql(String text) {
        return new Sql(text);
    }

    static Printed not(String reason) {
        return new NotPortable(reason);
    }

    default boolean portable() {
        return this instanceof Sql;
    }

    /** The text; only for a portable answer. */
    default String text() {
        if (this instanceof Sql s) return s.text();
        throw new IllegalStateException("not portable: " + ((NotPortable) this).reason());
    }

    /** The text, or null when not portable. */
    default String orNull() {
        return this instanceof Sql s ? s.text() : null;
    }

    default Printed map(Function<String, String> f) {
        return this instanceof Sql s ? new Sql(f.apply(s.text())) : this;
    }

    /** All the parts' texts combined, or the first part's reason for having none. */
    static Printed all(List<Printed> parts, Function<List<String>, String> combine) {
        List<String> texts = new ArrayList<>();
        for (Printed p : parts) {
            if (p instanceof NotPortable) return p;
            texts.add(p.text());
        }
        return new Sql(combine.apply(texts));
    }
}
