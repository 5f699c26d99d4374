package io.cutover.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cutover.mapping.Base36;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Draws the forum's users and its channels with their moderators, contributors and subscribers. */
final class CommunityDraw {
    // Streams of KeyedRandom: one per kind of entity.
    private static final int USER = 1, CHANNEL = 2;
    private static final long DAY = Timeline.DAY;
    private static final String[] TOPICS = ("datascience supplychain finance economics physics python statistics "
            + "probability climate policy energy circuits robotics biology chemistry writing design "
            + "entrepreneurship healthcare education linearalgebra calculus algorithms networks security").split(" ");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Scale scale;
    private final long seed;
    private final Timeline timeline;

    CommunityDraw(Scale scale, long seed, Timeline timeline) {
        this.scale = scale;
        this.seed = seed;
        this.timeline = timeline;
    }

    Forum.User user(int i) {
        SplittableRandom r = KeyedRandom.of(seed, USER, i);
        String first = TextMaker.capitalize(TextMaker.WORDS_ASCII[r.nextInt(TextMaker.WORDS_ASCII.length)]);
        String name = first.toLowerCase() + "_" + Base36.encode(i);
        long joined = timeline.start() - 400 * DAY + (long) i * (390 * DAY / Math.max(1, scale.users)) + r.nextLong(Timeline.HOUR);
        boolean hasEmail = r.nextInt(20) != 0;
        String password = "!" + Long.toHexString(KeyedRandom.mix(seed * 31 + i));
        Long lastLogin = r.nextInt(3) == 0 ? null : joined + r.nextLong(30 * DAY);
        String lastName = r.nextInt(4) == 0 ? "" : "Learner";
        boolean active = r.nextInt(100) != 0;
        return new Forum.User(i, name, first, lastName, hasEmail ? name + "@example.org" : null, joined, lastLogin, active,
                password);
    }

    /** All channels: their names first, since discussions_channel numbers them by name. */
    List<Forum.Channel> channels() {
        String[] names = new String[scale.channels];
        for (int j = 0; j < scale.channels; j++) {
            names[j] = j == 0 ? "micromasters" : j == 1 ? "mmcredentialholders"
                    : TOPICS[(j - 2) % TOPICS.length] + ((j - 2) >= TOPICS.length ? "_" + ((j - 2) / TOPICS.length) : "");
        }
        // discussions_channel numbers channels anew (alphabetically here): old ids do not survive.
        Integer[] order = new Integer[scale.channels];
        for (int j = 0; j < order.length; j++) order[j] = j;
        Arrays.sort(order, (a, b) -> names[a].compareTo(names[b]));
        int[] newIds = new int[scale.channels];
        for (int rank = 0; rank < order.length; rank++) newIds[order[rank]] = rank + 1;
        List<Forum.Channel> channels = new ArrayList<>(scale.channels);
        for (int j = 0; j < scale.channels; j++) channels.add(channel(j, names[j], newIds[j]));
        return channels;
    }

    private Forum.Channel channel(int j, String name, int newId) {
        SplittableRandom r = KeyedRandom.of(seed, CHANNEL, j);
        int t = r.nextInt(10);
        String type = t < 7 ? "public" : t < 9 ? "restricted" : "private";
        int lt = r.nextInt(10);
        char linkType = j < 2 ? 'a' : lt < 6 ? 'a' : lt < 8 ? 'l' : 's';
        boolean articles = linkType != 'l' && r.nextBoolean();
        boolean titleKnown = r.nextInt(20) != 0;
        String title = TextMaker.capitalize(name) + " " + TextMaker.title(r);
        if (title.length() > 100) title = title.substring(0, 100).strip();
        String publicDescription = r.nextInt(10) < 4 ? null : TextMaker.sentence(r);
        String about = r.nextBoolean() ? null : aboutJson(TextMaker.sentence(r));
        String avatar = r.nextInt(10) < 6 ? "channel_avatar/" + name + ".png" : null;
        String banner = r.nextInt(10) < 3 ? "channel_banner/" + name + ".jpg" : null;
        String ga = r.nextInt(5) == 0 ? "UA-" + (10_000_000 + r.nextInt(89_999_999)) + "-1" : null;
        boolean managed = r.nextInt(10) == 0;
        boolean notifications = r.nextBoolean();
        long created = timeline.start() - 30 * DAY - (long) (scale.channels - j) * (300 * DAY / scale.channels) - r.nextLong(DAY);
        long updated = created + r.nextLong(200 * DAY);
        boolean hasContributors = r.nextInt(10) != 0;
        List<Forum.Membership> members = members(r, type, hasContributors, created);
        return new Forum.Channel(j, newId, name, type, linkType, articles, titleKnown, title, publicDescription, about, avatar,
                banner, ga, managed, notifications, created, updated, hasContributors, members);
    }

    /** Moderators, then contributors (many in a closed channel), then subscribers: each a distinct user. */
    private List<Forum.Membership> members(SplittableRandom r, String type, boolean hasContributors, long created) {
        Stride moderatorPicks = new Stride(scale.users, r);
        int moderators = 1 + r.nextInt(3);
        int contributors = !hasContributors ? 0
                : type.equals("public") ? r.nextInt(3) : 2 + KeyedRandom.heavyTailed(r, 6, scale.users / 10);
        int subscribers = KeyedRandom.heavyTailed(r, Math.max(3, 3.0 * scale.users / scale.channels), scale.users);
        List<Forum.Membership> members = new ArrayList<>();
        for (int m = 0; m < moderators; m++) {
            members.add(new Forum.Membership(moderatorPicks.at(m), "moderator", created + r.nextLong(DAY)));
        }
        Stride contributorPicks = new Stride(scale.users, r);
        for (int c = 0; c < Math.min(contributors, scale.users); c++) {
            members.add(new Forum.Membership(contributorPicks.at(c), "contributor", created + r.nextLong(100 * DAY)));
        }
        Stride readers = new Stride(scale.users, r);
        for (int n = 0; n < subscribers; n++) {
            members.add(new Forum.Membership(readers.at(n), "subscriber", created + r.nextLong(Timeline.SPAN_MICROS)));
        }
        return members;
    }

    private static String aboutJson(String text) {
        ArrayNode about = JSON.createArrayNode();
        about.addObject().put("node", "text").put("value", text);
        try {
            return JSON.writeValueAsString(about);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
