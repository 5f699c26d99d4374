package io.cutover.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RedditEncodingsTest {

    @Test
    void base36MatchesTheDomainExample() {
        assertEquals(13368L, Base36.decode("abc"));
        assertEquals("abc", Base36.encode(13368L));
        assertEquals("t3_abc", Base36.fullname(Fullname.LINK, 13368L));
        assertEquals(new Fullname(1, 35L), Fullname.parse("t1_z"));
    }

    @Test
    void base36RefusesWhatIsNotAnId() {
        for (String bad : new String[] {"", "-1", "ab_c", "é", "1234567890123"}) {
            assertThrows(IllegalArgumentException.class, () -> Base36.decode(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Fullname.parse("t3abc"));
        assertTrue(Base36.tryDecode("zz").isPresent());
    }

    @Test
    void pickledDatetimesRoundTripToTheMicrosecond() {
        for (String t : new String[] {"2017-03-04T12:34:56.123456Z", "2019-12-31T23:59:59Z", "2016-01-10T00:00:00.000001Z",
                "2018-07-27T10:39:34.654321Z"}) {
            Instant instant = Instant.parse(t);
            String pickle = RedditPickle.encodeDatetime(instant);
            assertTrue(pickle.startsWith("cdatetime\ndatetime\n") && pickle.endsWith("."), pickle);
            assertEquals(instant, RedditPickle.decodeDatetime(pickle));
        }
    }

    @Test
    void aPickleOfAnythingElseIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedditPickle.decodeDatetime("(lp1\nI1\naI2\na."));
        assertTrue(e.getMessage().contains("not a pickled UTC datetime"), e.getMessage());
    }

    @Test
    void plainTextDropsMarkdownAndJoinsArticleBlocks() {
        assertEquals("Title\nSee docs for more and code here.",
                PlainText.fromMarkdown("## Title\nSee [docs](https://x.org) for **more** and `code` here."));
        assertEquals("one\ntwo", PlainText.fromArticle(
                "{\"blocks\":[{\"type\":\"heading\",\"text\":\"one\"},{\"type\":\"image\"},{\"type\":\"paragraph\",\"text\":\"two\"}]}"));
        assertEquals(null, PlainText.fromMarkdown(null));
    }
}
