package io.cutover.bicheck;

import io.cutover.mapping.Mapping;
import io.cutover.rewrite.BatchRewrite;
import io.cutover.rewrite.RewriteResult;
import io.cutover.rewrite.SqlRewriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Proof on data: every old query runs on the old tables, its rewrite on the new tables, and
 * the results are compared; every rewrite is also PREPAREd against the new schema. Takes two
 * connections so that the old and the new tables may live in different databases (in the demo
 * world both are in `app`).
 */
public final class BiCheck {
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{|\\[\\[");
    private final Mapping mapping;
    private final int timeoutSeconds;

    public BiCheck(Mapping mapping, int timeoutSeconds) {
        this.mapping = mapping;
        this.timeoutSeconds = timeoutSeconds;
    }

    public List<QueryCheck> run(Connection oldTables, Connection newTables, Path queries) throws IOException {
        List<QueryCheck> checks = new ArrayList<>();
        try (SqlRewriter rewriter = new SqlRewriter(mapping)) {
            for (Path q : BatchRewrite.queries(queries)) {
                String name = q.getFileName().toString().replaceFirst("\\.sql$", "");
                checks.add(check(name, rewriter.rewrite(Files.readString(q)), oldTables, newTables));
            }
        }
        return checks;
    }

    QueryCheck check(String name, RewriteResult r, Connection oldTables, Connection newTables) {
        String oldSql = strip(r.original()), newSql = strip(r.rewritten());
        if (TEMPLATE.matcher(oldSql).find()) {
            var values = TemplateValues.declared(oldSql);
            oldSql = TemplateValues.apply(oldSql, values);
            newSql = TemplateValues.apply(newSql, values);
            if (oldSql == null || newSql == null) {
                return new QueryCheck(name, QueryCheck.Verdict.NOT_COMPARABLE, "template placeholders need values (declare them: -- bi-check: var = value)", r);
            }
        }
        try {
            prepare(newTables, newSql);
        } catch (SQLException e) {
            return new QueryCheck(name, QueryCheck.Verdict.NOT_COMPARABLE, "the rewrite does not PREPARE on the new schema: " + oneLine(e), r);
        }
        QueryResult before, after;
        try {
            before = QueryResult.run(oldTables, oldSql, timeoutSeconds);
        } catch (SQLException e) {
            return new QueryCheck(name, QueryCheck.Verdict.NOT_COMPARABLE, "the old query fails on the old tables: " + failure(e), r);
        }
        try {
            after = QueryResult.run(newTables, newSql, timeoutSeconds);
        } catch (SQLException e) {
            return new QueryCheck(name, QueryCheck.Verdict.DIFFERS, "the rewrite fails on the new tables: " + failure(e), r);
        }
        ResultComparison.Outcome o = ResultComparison.compare(before, after, ordersRows(newSql));
        if (!o.equal()) return new QueryCheck(name, QueryCheck.Verdict.DIFFERS, o.detail(), r);
        if (before.provesNothing()) {
            return new QueryCheck(name, QueryCheck.Verdict.VACUOUS, o.detail() + (before.rows().isEmpty() ? "" : ", nothing but NULLs and zeros")
                    + ": proves nothing; the data holds no rows this query selects (on a demo world: a time window relative "
                    + "to now() needs a world that ends today, 'cutover demo --as-of'; other filters, a larger --scale)", r);
        }
        return new QueryCheck(name, QueryCheck.Verdict.EQUAL, o.detail(), r);
    }

    private void prepare(Connection c, String sql) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("PREPARE cutover_bi_check AS " + sql);
            st.execute("DEALLOCATE cutover_bi_check");
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    /** Rows are compared in order only when the outermost query orders them. */
    static boolean ordersRows(String sql) {
        try {
            var st = CCJSqlParserUtil.parse(sql);
            return st instanceof Select s && s.getOrderByElements() != null && !s.getOrderByElements().isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private static String strip(String sql) {
        String s = sql.strip();
        return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
    }

    /** A timeout says so (PostgreSQL reports it as a cancel "due to user request"). */
    private String failure(SQLException e) {
        return "57014".equals(e.getSQLState()) ? "did not finish within " + timeoutSeconds + " s (--timeout)" : oneLine(e);
    }

    private static String oneLine(SQLException e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    /** The result table for people: one line per query, then the totals that matter. */
    public static String report(List<QueryCheck> checks) {
        StringBuilder md = new StringBuilder("| query | rewrite | result | findings | detail |\n|---|---|---|---|---|\n");
        for (QueryCheck c : checks) {
            md.append("| ").append(c.name()).append(" | ").append(c.rewrite().status()).append(" | ").append(c.verdict())
                    .append(c.silentDifference() ? " **SILENT**" : "")
                    .append(" | ").append(c.rewrite().findings().size()).append(" | ")
                    .append(c.detail().replace("|", "\\|").replace("\n", " ")).append(" |\n");
        }
        md.append('\n').append(totals(checks)).append('\n');
        return md.toString();
    }

    public static String totals(List<QueryCheck> checks) {
        long equal = count(checks, QueryCheck.Verdict.EQUAL);
        long vacuous = count(checks, QueryCheck.Verdict.VACUOUS);
        long differs = count(checks, QueryCheck.Verdict.DIFFERS);
        long notComparable = count(checks, QueryCheck.Verdict.NOT_COMPARABLE);
        long silent = checks.stream().filter(QueryCheck::silentDifference).count();
        return String.format("%d queries: %d proven equal on non-empty results (%.0f%%), %d vacuous (equal but empty: proves nothing), "
                        + "%d differ (all explained by findings: %s), %d not comparable; silent differences: %d",
                checks.size(), equal, 100.0 * equal / Math.max(1, checks.size()), vacuous, differs, silent == 0 ? "yes" : "NO",
                notComparable, silent);
    }

    private static long count(List<QueryCheck> checks, QueryCheck.Verdict verdict) {
        return checks.stream().filter(c -> c.verdict() == verdict).count();
    }
}
