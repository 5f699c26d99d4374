package io.cutover.demo.schema;

/** Django's auth tables in the app database, which the mirror and the new tables both point to. */
public final class AuthRows {
    public static final Table USER = Table.of("auth_user", "id", "id", "password", "last_login", "is_superuser", "username",
            "first_name", "last_name", "email", "is_staff", "is_active", "date_joined");
    public static final Table GROUP = Table.of("auth_group", "id", "id", "name");
    public static final Table USER_GROUP = Table.of("auth_user_groups", "id", "id", "user_id", "group_id");

    private final Rows rows;

    public AuthRows(Rows rows) {
        this.rows = rows;
    }

    /** A user; {@code lastLogin} null when never logged in, {@code email} "" when none. */
    public void user(int id, String password, Long lastLogin, boolean superuser, String username, String firstName,
                     String lastName, String email, boolean staff, boolean active, long joined) {
        Row r = rows.row(USER).number(id).text(password);
        if (lastLogin == null) r.nul(); else r.timestamp(lastLogin);
        r.bool(superuser).text(username).text(firstName).text(lastName).text(email).bool(staff).bool(active).timestamp(joined)
                .endRow();
    }

    public void group(int id, String name) {
        rows.row(GROUP).number(id).text(name).endRow();
    }

    public void userGroup(int id, int user, int group) {
        rows.row(USER_GROUP).number(id).number(user).number(group).endRow();
    }
}
