package io.cutover.traffic;

import io.cutover.demo.TextMaker;
import io.cutover.mapping.Base36;
import io.cutover.mapping.PlainText;
import io.cutover.traffic.Operation.CastVote;
import io.cutover.traffic.Operation.EditText;
import io.cutover.traffic.Operation.EditTitle;
import io.cutover.traffic.Operation.Flag;
import io.cutover.traffic.Operation.NewComment;
import io.cutover.traffic.Operation.NewPost;
import io.cutover.traffic.WorldState.Comment;
import io.cutover.traffic.WorldState.Post;
import io.cutover.traffic.WorldState.Thing;
import io.cutover.traffic.WorldState.User;
import io.cutover.traffic.WorldState.Vote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Decides the n-th write from the seed and what the writes before it did: its kind (by a fixed
 * mix), its target, its content, and whether this dual write fails on the new side (lost, or
 * damaged). A failed write's differences are worked out here, from the state before it, and the
 * things it touched are left alone afterwards, so every difference stays exactly as described.
 */
final class OperationPlanner {
    /** How a write fares. */
    enum Fate { APPLIED, LOST, DAMAGED, NEW_ONLY }

    /** One difference a write leaves (its {@link TruthEntry} without the instant). */
    record Effect(String entity, Map<String, Object> key, String column, String category) {}

    /** The n-th write, its fate and, unless applied, the differences it leaves. */
    record Planned(long index, Operation operation, Fate fate, List<Effect> effects) {}

    static final String SCORE_CHECK = "post-score-vs-votes";
    /** Percent of writes per kind: activity on a forum is mostly votes and comments. */
    private static final int NEW_POST = 8, NEW_COMMENT = 22, EDIT_TEXT = 8, EDIT_TITLE = 4, REMOVE = 2, DELETE = 2,
            VOTE = 40, UNVOTE = 8;   // the rest (6) re-votes
    private static final int MAX_DEPTH = 40;
    private static final int TRIES = 12;

    private final WorldState world;
    private final SplittableRandom random;
    private final Phase phase;
    private final double lostPercent;
    private long next;

    OperationPlanner(WorldState world, long seed, Phase phase, double lostPercent) {
        this.world = world;
        this.random = new SplittableRandom(seed);
        this.phase = phase;
        this.lostPercent = lostPercent;
    }

    Planned next() {
        int k = random.nextInt(100);
        Operation op;
        if ((k -= NEW_POST) < 0) op = null;
        else if ((k -= NEW_COMMENT) < 0) op = newComment();
        else if ((k -= EDIT_TEXT) < 0) op = editText();
        else if ((k -= EDIT_TITLE) < 0) op = editTitle();
        else if ((k -= REMOVE) < 0) op = flag(true);
        else if ((k -= DELETE) < 0) op = flag(false);
        else if ((k -= VOTE) < 0) op = vote();
        else if ((k -= UNVOTE) < 0) op = changeVote(true);
        else op = changeVote(false);
        if (op == null) op = newPost();   // also when no target was eligible: a new post always is

        Fate fate = Fate.APPLIED;
        if (phase == Phase.NEW_ONLY) {
            fate = Fate.NEW_ONLY;
        } else if (lostPercent > 0 && random.nextDouble() * 100 < lostPercent) {
            fate = op.canBeDamaged() && random.nextBoolean() ? Fate.DAMAGED : Fate.LOST;
        }
        List<Effect> effects = fate == Fate.APPLIED ? List.of()
                : fate == Fate.DAMAGED ? damage(op) : absentOnOneSide(op, fate == Fate.LOST);
        apply(op, fate);
        return new Planned(next++, op, fate, effects);
    }

    // ---- choosing writes -----------------------------------------------------------------------

    private NewPost newPost() {
        WorldState.Channel channel = world.channels.get(random.nextInt(world.channels.size()));
        List<String> types = new ArrayList<>();
        for (String t : List.of("link", "self", "article")) if (channel.allows(t)) types.add(t);
        if (types.isEmpty()) types.add("self");
        String type = types.get(random.nextInt(types.size()));
        User author = user();
        long id = world.nextLinkId++;
        Post post = new Post(id, world.nextMirrorPostId++, channel, author, type);
        String title = TextMaker.title(random);
        String permalink = "/r/" + channel.name() + "/comments/" + Base36.encode(id) + "/traffic/";
        String text = null, url = null, preview = null, article = null, plain;
        switch (type) {
            case "link" -> {
                url = "https://ocw.mit.edu/traffic/" + Base36.encode(id);
                preview = random.nextInt(10) < 7 ? TextMaker.preview(random) : null;
                plain = preview;
            }
            case "self" -> {
                text = TextMaker.markdown(random, 3);
                plain = PlainText.fromMarkdown(text);
            }
            default -> {
                article = TextMaker.article(random);
                plain = PlainText.fromArticle(article);
            }
        }
        return new NewPost(post, title, cut(title), text, url, url != null ? url : permalink, preview, article, plain,
                world.nextPostVoteId++, article != null ? world.nextArticleId++ : 0, url != null ? world.nextLinkMetaId++ : 0);
    }

    private NewComment newComment() {
        Post post = pick(world.posts, p -> !p.excluded && !p.deleted && !p.removed);
        if (post == null) return null;
        Comment parent = null;
        if (!post.comments.isEmpty() && random.nextInt(10) >= 4) {
            // Deep threads: most replies answer the newest comment, the rest any comment.
            parent = random.nextInt(10) < 6 ? post.comments.get(post.comments.size() - 1)
                    : post.comments.get(random.nextInt(post.comments.size()));
            if (parent.depth >= MAX_DEPTH) parent = null;
        }
        Comment comment = new Comment(world.nextCommentId++, post, parent, user());
        String text = TextMaker.markdown(random, 1.5);
        return new NewComment(comment, text, cut(text), world.nextMirrorCommentId++, post.numComments + 1, world.nextCommentVoteId++);
    }

    private EditText editText() {
        Thing target = random.nextBoolean()
                ? pick(world.posts, p -> !p.excluded && !p.deleted && p.type.equals("self"))
                : pick(world.comments, c -> !c.excluded && !c.deleted);
        if (target == null) return null;
        String text = TextMaker.markdown(random, target.isPost() ? 3 : 1.5);
        return new EditText(target, text, cut(text));
    }

    private EditTitle editTitle() {
        Post post = pick(world.posts, p -> !p.excluded && !p.deleted);
        if (post == null) return null;
        String title = TextMaker.title(random);
        return new EditTitle(post, title, cut(title));
    }

    private Flag flag(boolean removal) {
        Predicate<Thing> open = t -> !t.excluded && !(removal ? t.removed : t.deleted);
        Thing target = random.nextBoolean() ? pick(world.posts, open::test) : pick(world.comments, open::test);
        return target == null ? null : new Flag(target, removal);
    }

    private CastVote vote() {
        Thing target = random.nextInt(10) < 4 ? pick(world.posts, p -> !p.excluded && !p.deleted)
                : pick(world.comments, c -> !c.excluded && !c.deleted);
        if (target == null) return null;
        for (int i = 0; i < TRIES; i++) {
            User voter = user();
            Vote v = target.votes.get(voter);
            if ((v == null || v.direction == 0) && !target.faultyVoters.contains(voter.name())) {
                int direction = random.nextInt(100) < 80 ? 1 : -1;
                return cast(target, voter, v, 0, direction, target.isPost() ? world.nextPostVoteId++ : world.nextCommentVoteId++);
            }
        }
        return null;
    }

    /** An un-vote, or a re-vote in the other direction, of a vote that stands. */
    private CastVote changeVote(boolean clear) {
        Thing target = random.nextBoolean() ? pick(world.posts, p -> !p.excluded && hasVote(p))
                : pick(world.comments, c -> !c.excluded && hasVote(c));
        if (target == null) return null;
        List<User> voters = new ArrayList<>();
        target.votes.forEach((u, v) -> {
            if (v.direction != 0 && !target.faultyVoters.contains(u.name())) voters.add(u);
        });
        User voter = voters.get(random.nextInt(voters.size()));
        Vote v = target.votes.get(voter);
        return cast(target, voter, v, v.direction, clear ? 0 : -v.direction, 0);
    }

    private static boolean hasVote(Thing t) {
        for (Map.Entry<User, Vote> e : t.votes.entrySet()) {
            if (e.getValue().direction != 0 && !t.faultyVoters.contains(e.getKey().name())) return true;
        }
        return false;
    }

    private CastVote cast(Thing t, User voter, Vote vote, int previous, int direction, long voteId) {
        int ups = t.ups + (direction > 0 ? 1 : 0) - (previous > 0 ? 1 : 0);
        int downs = t.downs + (direction < 0 ? 1 : 0) - (previous < 0 ? 1 : 0);
        if (vote == null) {
            vote = new Vote(0, 0);
            t.votes.put(voter, vote);
        }
        return new CastVote(t, voter, vote, previous, direction, ups, downs, voteId);
    }

    private User user() {
        return world.users.get(random.nextInt(world.users.size()));
    }

    private <T> T pick(List<T> from, Predicate<T> eligible) {
        if (from.isEmpty()) return null;
        for (int i = 0; i < TRIES; i++) {
            T t = from.get(random.nextInt(from.size()));
            if (eligible.test(t)) return t;
        }
        return null;
    }

    /** A write that arrives cut short: the first half of its text (whole code points). */
    static String cut(String s) {
        int points = s.codePointCount(0, s.length());
        String half = s.substring(0, s.offsetByCodePoints(0, Math.max(1, points / 2)));
        return half.equals(s) ? s + " [cut]" : half;
    }

    // ---- what a failed write leaves behind -----------------------------------------------------

    /**
     * The differences when one side lacks the write: the new side (a lost dual write) or the old
     * one (a new-only write); only the category of a whole row depends on which.
     */
    private static List<Effect> absentOnOneSide(Operation op, boolean newSideLacksIt) {
        String created = newSideLacksIt ? "missing_in_new" : "extra_in_new";
        String removed = newSideLacksIt ? "extra_in_new" : "missing_in_new";
        List<Effect> e = new ArrayList<>();
        if (op instanceof NewPost p) {
            e.add(new Effect("post", p.post().key(), null, created));
            e.add(new Effect("postvote", p.post().voteKey(p.post().author), null, created));
        } else if (op instanceof NewComment c) {
            Comment comment = c.comment();
            e.add(new Effect("comment", comment.key(), null, created));
            e.add(new Effect("commentvote", comment.voteKey(comment.author), null, created));
            changed(e, comment.post, "num_comments", "updated_on");
        } else if (op instanceof EditText t) {
            changed(e, t.thing(), "text");
            if (t.thing().isPost() && !Objects.equals(plain(t.thing().text), plain(t.text()))) changed(e, t.thing(), "plain_text");
            if (!t.thing().edited) changed(e, t.thing(), "edited");
            changed(e, t.thing(), "updated_on");
        } else if (op instanceof EditTitle t) {
            changed(e, t.post(), "title");
            if (!t.post().edited) changed(e, t.post(), "edited");
            changed(e, t.post(), "updated_on");
        } else if (op instanceof Flag f) {
            changed(e, f.thing(), f.removal() ? "removed" : "deleted", "updated_on");
        } else if (op instanceof CastVote v) {
            Thing t = v.thing();
            if (v.previous() == 0) {
                e.add(new Effect(t.voteEntity(), t.voteKey(v.voter()), null, created));
            } else if (v.direction() == 0) {
                e.add(new Effect(t.voteEntity(), t.voteKey(v.voter()), null, removed));
            } else {
                e.add(new Effect(t.voteEntity(), t.voteKey(v.voter()), "direction", "changed"));
                e.add(new Effect(t.voteEntity(), t.voteKey(v.voter()), "updated_on", "changed"));
            }
            if (v.ups() != t.ups) changed(e, t, "score");
            changed(e, t, "updated_on");
        }
        return e;
    }

    /** The differences of a write that reached the new side wrong. */
    private static List<Effect> damage(Operation op) {
        List<Effect> e = new ArrayList<>();
        if (op instanceof NewPost p) {
            changed(e, p.post(), "title");
        } else if (op instanceof NewComment c) {
            changed(e, c.comment(), "text");
        } else if (op instanceof EditText t) {
            changed(e, t.thing(), "text");
            if (t.thing().isPost() && !Objects.equals(plain(t.text()), plain(t.damagedText()))) changed(e, t.thing(), "plain_text");
        } else if (op instanceof EditTitle t) {
            changed(e, t.post(), "title");
        } else if (op instanceof CastVote v) {
            e.add(new Effect(v.thing().voteEntity(), v.thing().voteKey(v.voter()), "direction", "changed"));
            // the score follows Reddit's ups; the new vote table now counts one up-vote more or fewer
            if (v.thing().isPost()) e.add(new Effect("post", v.thing().key(), SCORE_CHECK, "aggregate"));
        } else {
            throw new IllegalStateException(op.name() + " is never damaged");
        }
        return e;
    }

    private static void changed(List<Effect> e, Thing t, String... columns) {
        for (String c : columns) e.add(new Effect(t.entity(), t.key(), c, "changed"));
    }

    static String plain(String markdown) {
        return PlainText.fromMarkdown(markdown == null ? "" : markdown);
    }

    // ---- the app's view after the write ------------------------------------------------------

    private void apply(Operation op, Fate fate) {
        if (op instanceof NewPost p) {
            Post post = p.post();
            post.title = p.title();
            post.text = p.text();
            post.ups = 1;
            post.votes.put(post.author, new Vote(1, 0));
            world.posts.add(post);
        } else if (op instanceof NewComment c) {
            Comment comment = c.comment();
            comment.text = c.text();
            comment.ups = 1;
            comment.votes.put(comment.author, new Vote(1, 0));
            comment.post.comments.add(comment);
            comment.post.numComments = c.numComments();
            world.comments.add(comment);
        } else if (op instanceof EditText t) {
            t.thing().text = t.text();
            t.thing().edited = true;
        } else if (op instanceof EditTitle t) {
            t.post().title = t.title();
            t.post().edited = true;
        } else if (op instanceof Flag f) {
            if (f.removal()) f.thing().removed = true;
            else f.thing().deleted = true;
        } else if (op instanceof CastVote v) {
            v.thing().ups = v.ups();
            v.thing().downs = v.downs();
            v.vote().direction = v.direction();
        }
        if (fate != Fate.APPLIED) {
            for (Thing t : touched(op)) t.excluded = true;
        }
    }

    private static List<Thing> touched(Operation op) {
        if (op instanceof NewPost p) return List.of(p.post());
        if (op instanceof NewComment c) return List.of(c.comment(), c.comment().post);
        if (op instanceof EditText t) return List.of(t.thing());
        if (op instanceof EditTitle t) return List.of(t.post());
        if (op instanceof Flag f) return List.of(f.thing());
        return List.of(((CastVote) op).thing());
    }
}
