package io.cutover.rewrite;

import io.cutover.mapping.Mapping;
import java.nio.file.*;
import java.util.stream.*;

public class Scratch {
    public static void main(String[] args) throws Exception {
        try (SqlRewriter rw = new SqlRewriter(Mapping.shipped())) {
            for (Path f : Files.list(Path.of(args[0])).sorted().collect(Collectors.toList())) {
                RewriteResult r = rw.rewrite(Files.readString(f));
                System.out.println("=========== " + f.getFileName() + " " + r.status());
                if (args.length > 1) System.out.println(r.rewritten());
                r.findings().forEach(x -> System.out.println("   " + x));
            }
        }
    }
}
