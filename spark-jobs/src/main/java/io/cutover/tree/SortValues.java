package io.cutover.tree;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;

/**
 * The values a tree sorts by, read from JDBC in one comparable form whatever the column's width:
 * whole numbers as {@code Long} (a comment's bigint score sorts and compares with a node's int
 * one), instants as {@code OffsetDateTime} at UTC. NULL sorts as PostgreSQL sorts it: after every
 * value ascending, before every value descending.
 */
final class SortValues {
    private SortValues() {}

    static Object normal(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof BigInteger b && b.bitLength() < 64) return b.longValue();
        if (v instanceof BigDecimal d) {
            BigDecimal s = d.stripTrailingZeros();
            return s.scale() <= 0 && s.precision() - s.scale() < 19 ? (Object) s.longValueExact() : s;
        }
        if (v instanceof Timestamp t) return t.toInstant().atOffset(ZoneOffset.UTC);
        if (v instanceof OffsetDateTime o) return o.withOffsetSameInstant(ZoneOffset.UTC);
        return v;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static final Comparator<Object> ASCENDING_NULLS_LAST = (a, b) -> {
        if (a == null || b == null) return a == null ? (b == null ? 0 : 1) : -1;
        return ((Comparable) a).compareTo(b);
    };
}
