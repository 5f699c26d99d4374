package io.cutover.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Encoding Reddit's ids, as the 2025 columns hold them: exact lowercase text, and back. */
class IdEncodingTest {
    /** The largest id that base36 decoding reads back: twelve z's. */
    private static final long LARGEST_DECODABLE = 4_738_381_338_321_616_895L;

    @Test
    void base36EncodesExactlyInLowerCaseAndDecodesBack() {
        assertEquals("0", Base36.encode(0));
        assertEquals("z", Base36.encode(35));
        assertEquals("10", Base36.encode(36));
        assertEquals("abc", Base36.encode(13368));
        assertEquals("zzzzzzzzzzzz", Base36.encode(LARGEST_DECODABLE));
        assertEquals("1y2p0ij32e8e7", Base36.encode(Long.MAX_VALUE));
        for (long id : new long[] {0, 1, 35, 36, 13368, 1_679_615, 2_176_782_336L, 1L << 40, LARGEST_DECODABLE}) {
            assertEquals(id, Base36.decode(Base36.encode(id)), "round trip of " + id);
            assertEquals(id, new Transform.Base36Decode().apply(new Transform.Base36Encode().apply(id)));
        }
        assertEquals("abc", Base36.encode(Base36.decode("ABC")), "decoding ignores case, encoding writes lower case");
    }

    @Test
    void aNegativeIdIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Base36.encode(-1));
        assertThrows(IllegalArgumentException.class, () -> new Transform.Base36Encode().apply(Long.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> Fullname.encode(Fullname.LINK, -1));
        assertThrows(IllegalArgumentException.class, () -> Fullname.encode(0, 1));
    }

    @Test
    void aFullnameEncodesTheTypeAndTheIdAndDecodesBack() {
        assertEquals("t3_abc", Fullname.encode(Fullname.LINK, 13368));
        assertEquals("t1_0", new Transform.FullnameEncode(Fullname.COMMENT).apply(0));
        assertEquals("t5_zzzzzzzzzzzz", Fullname.encode(Fullname.SUBREDDIT, LARGEST_DECODABLE));
        for (long id : new long[] {0, 7, 13368, LARGEST_DECODABLE}) {
            assertEquals(new Fullname(Fullname.COMMENT, id), Fullname.parse(Fullname.encode(Fullname.COMMENT, id)));
            assertEquals(id, new Transform.FullnameDecode(Fullname.LINK).apply(new Transform.FullnameEncode(Fullname.LINK).apply(id)));
        }
        assertThrows(IllegalArgumentException.class, () -> new Transform.FullnameDecode(Fullname.LINK).apply("t1_abc"), "another type's fullname");
    }

    @Test
    void aTypeIsSpelledAsItsPrefixOrItsThing() {
        assertEquals(OptionalInt.of(3), Fullname.typeNumber("t3"));
        assertEquals(OptionalInt.of(3), Fullname.typeNumber("link"));
        assertEquals(OptionalInt.of(1), Fullname.typeNumber("comment"));
        assertEquals(OptionalInt.of(5), Fullname.typeNumber("subreddit"));
        assertEquals(OptionalInt.empty(), Fullname.typeNumber("t9"));
        assertEquals(OptionalInt.empty(), Fullname.typeNumber("post"));
    }
}
