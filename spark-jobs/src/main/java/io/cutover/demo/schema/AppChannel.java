package io.cutover.demo.schema;

/**
 * A channel as the app database holds it, in the mirror and in the new tables: its two ids and
 * what both copies say. {@code title} is null where Reddit has none (the new table falls back to
 * the name); {@code contributorGroup} null for a channel without contributors.
 */
public record AppChannel(int oldId, int newId, long created, long updated, String name, String title, String type,
                         long allowedPostTypes, String about, String avatar, String banner, String gaTrackingId,
                         boolean membershipManaged, boolean moderatorNotifications, String publicDescription,
                         int moderatorGroup, Integer contributorGroup) {}
