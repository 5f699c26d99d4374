package io.cutover.rewrite;

import io.cutover.mapping.Mapping;
import java.nio.file.*;

public class Scratch {
    public static void main(String[] args) throws Exception {
        try (SqlRewriter rw = new SqlRewriter(Mapping.shipped())) {
            String sql = Files.readString(Path.of(args[0]));
            for (String q : sql.split("\n;;\n")) {
                RewriteResult r = rw.rewrite(q);
                System.out.println("----- " + r.status());
                System.out.println(r.rewritten());
                r.findings().forEach(f -> System.out.println("   " + f));
            }
        }
    }
}
