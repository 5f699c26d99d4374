package io.cutover.repair;

import io.cutover.backfill.WriteTargetGuard;
import io.cutover.mapping.AggregateCheck;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.outcome.CutoverException;
import io.cutover.verify.Category;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the differences as they stand now into guarded statements, per category: {@code changed}
 * updates only the differing columns, {@code extra_in_new} is deleted only when asked,
 * {@code missing_in_new} is inserted from a {@link NewRowSource}, {@code aggregate} is recounted
 * as the mapping's check defines it, {@code tree} rebuilds the trees of the posts it touches
 * ({@link TreeRebuilds}). Every update and delete compares the row with what was seen
 * in it ({@code IS NOT DISTINCT FROM}), so a row the app wrote since is left alone. What repair
 * cannot decide goes to a person, with why.
 */
public final class RepairPlanner {
    /** The key of {@code comparedBy}'s entity map naming every source that compared the entity. */
    public static final String ENTITY_SOURCES = "";
    private final Mapping mapping;
    private final java.sql.Connection target;
    private final CurrentRows current;
    private final NewRowSource rows;
    private final boolean deleteExtra;
    private final String reportName;
    private final TargetValues values;
    private final ChangedRows changed;
    /** Keys (entity NUL key) left to a person whose row an old source holds as the target does: it stays, and is counted. */
    private final Set<String> rowKept = new java.util.HashSet<>();

    public RepairPlanner(Mapping mapping, java.sql.Connection target, NewRowSource rows, boolean deleteExtra, String reportName) {
        this.mapping = mapping;
        this.target = target;
        this.current = new CurrentRows(target);
        this.rows = rows;
        this.deleteExtra = deleteExtra;
        this.reportName = reportName;
        this.values = new TargetValues(mapping);
        this.changed = new ChangedRows(values, current);
    }

    /**
     * The plan for {@code fresh}; {@code comparedBy} names, per entity and column, the sources
     * that compared it in the re-read (a column one source says is wrong and another says is right
     * is theirs to settle, not repair's).
     */
    public RepairPlan plan(FreshDifferences.Result fresh, Map<String, Map<String, Set<String>>> comparedBy, String rereadNote) {
        List<Fix> fixes = new ArrayList<>();
        List<LeftToHuman> left = new ArrayList<>();
        List<Deferred> aggregates = new ArrayList<>();
        List<LeftToHuman> skipped = new ArrayList<>();
        List<Difference> trees = new ArrayList<>();
        List<Resolved> resolved = new ArrayList<>(fresh.resolved());
        Map<String, Map<String, List<Difference>>> byEntity = new TreeMap<>();
        for (Difference d : fresh.differences()) {
            byEntity.computeIfAbsent(d.entity(), e -> new TreeMap<>()).computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d);
        }
        for (Map.Entry<String, Map<String, List<Difference>>> e : inMappingOrder(byEntity)) {
            Optional<EntitySpec> entity = mapping.entity(e.getKey());
            String guard = entity.isEmpty() ? "the mapping has no entity " + e.getKey() : guard(entity.get().table());
            Map<String, Map<String, String>> built = guard != null ? Map.of() : missingRows(entity.get(), e.getValue());
            for (Map.Entry<String, List<Difference>> k : e.getValue().entrySet()) {
                List<Difference> unowned = k.getValue().stream().filter(d -> d.category() == Category.TREE).toList();
                trees.addAll(distinct(unowned));
                if (unowned.size() == k.getValue().size()) continue;
                if (guard != null) {
                    for (Difference d : distinct(k.getValue())) left.add(human(d, guard));
                    continue;
                }
                planKey(entity.get(), k.getKey(), k.getValue(),
                        comparedBy.getOrDefault(e.getKey(), Map.of()), fixes, left, aggregates,
                        appWrote(fresh, k.getValue(), skipped), built, resolved);
            }
        }
        // Last, once every other difference is planned: a recount is only right over rows that are
        // (RepairPlan.ordered runs the recounts after the row fixes).
        for (Deferred a : aggregates) aggregate(a.entity(), a.difference(), a.changedColumns(), fixes, left, resolved);
        List<TreeFix> rebuilt = TreeRebuilds.plan(mapping, target, trees, left, this::guard);
        return new RepairPlan(reportName, fixes, left, skipped, resolved, rereadNote, rebuilt);
    }

    /**
     * The entities in the mapping's order, so that a row is inserted after the rows it refers to
     * (a comment after its post); names the mapping does not define (a tree table) last.
     */
    private List<Map.Entry<String, Map<String, List<Difference>>>> inMappingOrder(Map<String, Map<String, List<Difference>>> byEntity) {
        List<String> order = mapping.entities().stream().map(EntitySpec::name).toList();
        List<Map.Entry<String, Map<String, List<Difference>>>> entries = new ArrayList<>(byEntity.entrySet());
        entries.sort(java.util.Comparator.comparingInt(e -> order.contains(e.getKey()) ? order.indexOf(e.getKey()) : order.size()));
        return entries;
    }

    /** The rows of the entity's missing keys, built from the old sources now, in one read for the entity. */
    private Map<String, Map<String, String>> missingRows(EntitySpec entity, Map<String, List<Difference>> byKey) {
        List<String> keys = byKey.entrySet().stream()
                .filter(k -> k.getValue().stream().anyMatch(d -> d.category() == Category.MISSING_IN_NEW)).map(Map.Entry::getKey).toList();
        return keys.isEmpty() ? Map.of() : rows.rows(entity, keys);
    }

    /** The fixes of one key; its differences that turned out to stand no more go to {@code resolved}. */
    private void planKey(EntitySpec entity, String key, List<Difference> diffs, Map<String, Set<String>> comparedBy,
                         List<Fix> fixes, List<LeftToHuman> left, List<Deferred> aggregates, List<Difference> appWrote,
                         Map<String, Map<String, String>> built, List<Resolved> resolved) {
        Set<String> changedColumns = new LinkedHashSet<>();
        Map<Category, List<Difference>> byCategory = new TreeMap<>();
        for (Difference d : diffs) if (!appWrote.contains(d)) byCategory.computeIfAbsent(d.category(), c -> new ArrayList<>()).add(d);
        for (Map.Entry<Category, List<Difference>> c : byCategory.entrySet()) {
            List<Difference> ds = c.getValue();
            Difference first = ds.get(0);
            switch (c.getKey()) {
                case CHANGED -> {
                    ChangedRows.Planned p = changed.plan(entity, key, ds, comparedBy);
                    left.addAll(p.left());
                    if (p.sql() != null) {
                        fixes.add(fix(entity, Category.CHANGED, key, p.sql(), "columns " + String.join(", ", p.columns()), p.columns()));
                        changedColumns.addAll(p.columns());
                    }
                }
                case EXTRA_IN_NEW -> {
                    if (!deleteExtra) {
                        left.add(human(first, "a row the old sources do not have; repair deletes it only with --delete-extra"));
                        continue;
                    }
                    Set<String> saying = new LinkedHashSet<>();
                    for (Difference d : ds) saying.add(d.source());
                    Set<String> others = new LinkedHashSet<>(comparedBy.getOrDefault(ENTITY_SOURCES, saying));
                    others.removeAll(saying);
                    if (!others.isEmpty()) {
                        if (others.stream().anyMatch(o -> mapping.sources().get(o).role() == io.cutover.mapping.SourceSpec.Role.TRUTH)) {
                            rowKept.add(entity.name() + "\u0000" + key);
                        }
                        left.add(human(first, "the row is extra against " + String.join(", ", saying) + " but not against "
                                + String.join(", ", others) + ": the old sources disagree (a row missing in an old source), not the new table"));
                        continue;
                    }
                    TargetValues.Translated where = RowKey.condition(values, entity, first.source(), key);
                    if (!where.ok()) {
                        left.add(human(first, where.impossible()));
                        continue;
                    }
                    Optional<String> row = current.rowJson(entity.table(), where.sql());
                    if (row.isEmpty()) {
                        resolved.add(new Resolved(entity.name(), Category.EXTRA_IN_NEW, key, "the row is no longer in the new table"));
                        continue;
                    }
                    fixes.add(fix(entity, Category.EXTRA_IN_NEW, key, "DELETE FROM " + SqlText.identifier(entity.table())
                            + " t WHERE " + where.sql() + " AND to_jsonb(t) = " + SqlText.literal(row.get()) + "::jsonb", "the whole row as seen", List.of()));
                }
                case MISSING_IN_NEW -> {
                    Map<String, String> row = built.get(key);
                    if (row == null) {
                        resolved.add(new Resolved(entity.name(), Category.MISSING_IN_NEW, key,
                                "the old sources no longer hold the row: nothing is missing any more"));
                        continue;
                    }
                    String insert = insert(entity, row, first, left);
                    if (insert != null) fixes.add(fix(entity, Category.MISSING_IN_NEW, key, insert, "row built from the old sources", List.of()));
                }
                case AGGREGATE -> {
                    for (Difference d : distinct(ds)) aggregates.add(new Deferred(entity, d, changedColumns));
                }
                case TREE -> {
                    // Taken above, before the entity is looked up: a tree names its table, not an entity.
                }
                case DUPLICATE_KEY -> left.add(human(first, "several rows hold this key: which one is right is a decision"));
                case NULL_KEY -> left.add(human(first, "a row with a NULL key cannot be addressed by its key"));
                case INHERITED -> left.add(human(first, "the old data disagrees the same way (the backfill copied it faithfully);"
                        + " fixing it is a decision about the old data"));
            }
        }
    }

    /** An aggregate recounted as its check defines it, compared and set on the stored value read now. */
    private void aggregate(EntitySpec entity, Difference d, Set<String> changedColumns, List<Fix> fixes, List<LeftToHuman> left,
                           List<Resolved> resolved) {
        Optional<AggregateCheck> check = mapping.checks().stream().filter(c -> c.name().equals(d.column())).findFirst();
        if (check.isEmpty()) {
            left.add(human(d, "the mapping has no check named " + d.column()));
            return;
        }
        AggregateCheck c = check.get();
        String guard = guard(c.table());
        if (guard != null) {
            left.add(human(d, guard));
            return;
        }
        List<String> pending = left.stream().filter(l -> mapping.entity(l.entity()).map(e -> e.table().equalsIgnoreCase(c.aggregateTable()))
                .orElse(false) && countedDiffers(l, c)).map(l -> l.entity() + " " + l.key() + " " + l.category().id()).distinct().toList();
        if (!pending.isEmpty()) {
            left.add(human(d, "the recount over " + c.aggregateTable() + " would count rows that repair leaves as they are ("
                    + pending.size() + ", e.g. " + pending.get(0) + "); recount after they are fixed"));
            return;
        }
        if (changedColumns.contains(c.value().toLowerCase(java.util.Locale.ROOT))) {
            left.add(human(d, "column " + c.value() + " is also fixed from the old sources in this plan; verify again after it"));
            return;
        }
        // A row the plan deletes (an extra row) has nothing left to recount.
        if (fixes.stream().anyMatch(f -> f.category() == Category.EXTRA_IN_NEW && f.entity().equals(entity.name())
                && f.key().equals(d.key()) && f.table().equalsIgnoreCase(c.table()))) {
            resolved.add(new Resolved(entity.name(), Category.AGGREGATE, d.key(), "the row is deleted by this plan (an extra row)"));
            return;
        }
        TargetValues.Translated where = RowKey.condition(values, entity, d.source(), d.key());
        if (!where.ok()) {
            left.add(human(d, where.impossible()));
            return;
        }
        String join = String.join(" AND ", c.join().entrySet().stream()
                .map(j -> "a." + SqlText.identifier(j.getKey()) + " = t." + SqlText.identifier(j.getValue())).toList());
        // coalesce: a row with nothing to aggregate counts 0, as the check's own recount does.
        String recount = "SELECT coalesce((SELECT " + c.expr() + " FROM " + SqlText.identifier(c.aggregateTable()) + " a WHERE "
                + join + "), 0)";
        Optional<String[]> now = current.aggregate(c.table(), c.value(), recount, where.sql());
        if (now.isEmpty() || java.util.Objects.equals(now.get()[0], now.get()[1])) {
            resolved.add(new Resolved(entity.name(), Category.AGGREGATE, d.key(), now.isEmpty() ? "the row is no longer in the new table"
                    : "check " + c.name() + ": the stored value and the recount agree now"));
            return;
        }
        fixes.add(fix(entity, Category.AGGREGATE, d.key(), "UPDATE " + SqlText.identifier(c.table()) + " t SET "
                + SqlText.identifier(c.value()) + " = (" + recount + ") WHERE " + where.sql() + " AND t."
                + SqlText.identifier(c.value()) + " IS NOT DISTINCT FROM " + SqlText.literal(now.get()[0]), "check " + c.name(),
                List.of(c.value())));
    }

    /**
     * The insert of a built row, or null (left to a person, with why) when a value cannot be
     * written. A reference is looked up by its natural key in the target when the statement runs
     * (its row may be inserted earlier in the same plan), and the row is inserted only if every
     * referenced row exists; a row the app inserted meanwhile keeps the key.
     */
    /**
     * Whether a row left as it is would make the recount count something else than the old
     * sources' rows: a row missing or extra, a key several rows share, or a column the check joins
     * or filters on. A changed text, or a row one old source lacks and the truth holds, counts alike.
     */
    private boolean countedDiffers(LeftToHuman l, AggregateCheck c) {
        return switch (l.category()) {
            case MISSING_IN_NEW, DUPLICATE_KEY, NULL_KEY -> true;
            case EXTRA_IN_NEW -> !rowKept.contains(l.entity() + "\u0000" + l.key());
            case CHANGED, INHERITED -> l.column() == null || c.join().keySet().stream().anyMatch(j -> j.equalsIgnoreCase(l.column()))
                    || java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(l.column()) + "\\b",
                    java.util.regex.Pattern.CASE_INSENSITIVE).matcher(c.expr()).find();
            default -> false;
        };
    }

    private String insert(EntitySpec entity, Map<String, String> row, Difference d, List<LeftToHuman> left) {
        List<String> cols = new ArrayList<>(row.keySet());
        List<String> exprs = new ArrayList<>();
        List<String> requires = new ArrayList<>();
        for (String col : cols) {
            TargetValues.Translated v = values.expression(entity, col, row.get(col));
            if (!v.ok()) {
                left.add(human(d, "the missing row cannot be written: " + v.impossible()));
                return null;
            }
            exprs.add(v.sql());
            if (v.requires() != null) requires.add(v.requires());
        }
        return "INSERT INTO " + SqlText.identifier(entity.table()) + " (" + String.join(", ", cols.stream().map(SqlText::identifier).toList())
                + ") SELECT " + String.join(", ", exprs) + (requires.isEmpty() ? "" : " WHERE " + String.join(" AND ", requires))
                + " ON CONFLICT (" + String.join(", ", entity.key().stream().map(SqlText::identifier).toList()) + ") DO NOTHING";
    }

    /** Null when repair may write {@code table}; otherwise why not ({@link WriteTargetGuard}). */
    private String guard(String table) {
        try {
            WriteTargetGuard.check(mapping, table);
            return null;
        } catch (CutoverException e) {
            return e.getMessage().replaceFirst("^backfill: ", "");
        }
    }

    private Fix fix(EntitySpec entity, Category category, String key, String sql, String what, List<String> columns) {
        return new Fix(entity.name(), category, entity.table(), key, sql,
                SqlText.comment("report " + reportName + " | " + entity.name() + " " + key + " | " + category.id() + " | " + what), columns);
    }

    /**
     * The changed columns whose new value is no longer the one the report saw, or that differ now
     * and did not when the report was made: the app wrote the row since, and its write wins. Each
     * is recorded as skipped, and returned to be left out of the plan.
     */
    private static List<Difference> appWrote(FreshDifferences.Result fresh, List<Difference> diffs, List<LeftToHuman> skipped) {
        List<Difference> wrote = new ArrayList<>();
        for (Difference d : diffs) {
            if (d.category() != Category.CHANGED) continue;
            String reported = fresh.reportedNewValue(d);
            if (java.util.Objects.equals(reported, d.newValue())) continue;
            wrote.add(d);
            if (skipped.stream().noneMatch(s -> s.entity().equals(d.entity()) && s.key().equals(d.key()) && java.util.Objects.equals(s.column(), d.column()))) {
                skipped.add(human(d, reported.equals(FreshDifferences.UNREPORTED)
                        ? "the column differs now and did not when the report was made (it holds " + abbreviate(d.newValue())
                                + "): written since, its write is left as it is"
                        : "the application wrote the row since the report (the report saw " + abbreviate(reported)
                                + ", it now holds " + abbreviate(d.newValue()) + "): its write is left as it is"));
            }
        }
        return wrote;
    }

    private static String abbreviate(String v) {
        if (v == null) return "NULL";
        return v.length() > 60 ? "'" + v.substring(0, 60) + "…'" : "'" + v + "'";
    }

    /** An aggregate difference, planned after every other one. */
    private record Deferred(EntitySpec entity, Difference difference, Set<String> changedColumns) {}

    static LeftToHuman human(Difference d, String why) {
        return new LeftToHuman(d.entity(), d.category(), d.key(), d.column(), why);
    }

    /** One difference per category and column: the sources that report it alike are one thing to fix. */
    private static List<Difference> distinct(List<Difference> diffs) {
        Map<String, Difference> one = new LinkedHashMap<>();
        for (Difference d : diffs) one.putIfAbsent(d.category() + "\u0000" + d.column(), d);
        return new ArrayList<>(one.values());
    }
}
