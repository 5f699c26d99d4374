package io.cutover.rewrite;

import java.util.List;

/** One query before and after, with everything a reviewer must know about the change. */
public record RewriteResult(String original, String rewritten, List<Finding> findings, Status status) {
    public boolean changed() {
        return !original.equals(rewritten);
    }
}
