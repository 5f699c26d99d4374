package io.cutover.mapping;

import java.util.List;
import java.util.Map;

/** A value change between old and new, for verify to apply and the rewriter to apply to literals. */
public sealed interface Transform {
    /** The value is unchanged. */
    record Identity() implements Transform {}

    /** NULL in old becomes the first non-NULL of these (old column names or literals). */
    record Coalesce(List<String> fallbacks) implements Transform {}

    /** An enum value renamed, e.g. {@code self} -> {@code text}; unlisted values stay. */
    record EnumRemap(Map<String, String> values) implements Transform {
        public String apply(String old) {
            return values.getOrDefault(old, old);
        }
    }

    /** Bit flags by name: each old flag's bit moves to the new flag of the same position. */
    record Flags(Map<String, Long> oldFlags, Map<String, Long> newFlags) implements Transform {
        /** True when every bit keeps its position, so values need no change. */
        public boolean sameBits() {
            return oldFlags.values().stream().sorted().toList().equals(newFlags.values().stream().sorted().toList());
        }
    }

    /** A base36 id string becomes the bigint it encodes. */
    record Base36Decode() implements Transform {
        public long apply(String text) {
            return Base36.decode(text);
        }
    }

    /** A Reddit fullname of the given type ({@code t3_abc}) becomes the bigint id. */
    record FullnameDecode(int typeNumber) implements Transform {
        /** The id of a fullname of this type; one of another type is refused. */
        public long apply(String text) {
            Fullname f = Fullname.parse(text);
            if (f.typeNumber() != typeNumber) throw new IllegalArgumentException("not a t" + typeNumber + " fullname: '" + text + "'");
            return f.id();
        }
    }

    /** A bigint id becomes its base36 text, lowercase: how the 2025 design keeps Reddit's ids. */
    record Base36Encode() implements Transform {
        public String apply(long id) {
            return Base36.encode(id);
        }
    }

    /** A bigint id becomes the fullname of a thing of the given type ({@code 13368} → {@code t3_abc}). */
    record FullnameEncode(int typeNumber) implements Transform {
        public String apply(long id) {
            return Fullname.encode(typeNumber, id);
        }
    }
}
