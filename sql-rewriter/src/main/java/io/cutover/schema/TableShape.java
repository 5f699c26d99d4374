package io.cutover.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One table while DDL is replayed onto it: columns in order, and its keys. */
final class TableShape {
    String name;
    private final Map<String, Catalog.ColumnDef> columns = new LinkedHashMap<>();
    private final List<List<String>> keys = new ArrayList<>();

    TableShape(String name) {
        this.name = name;
    }

    boolean has(String column) {
        return columns.containsKey(DdlReplay.identifier(column));
    }

    /** A column as DDL declares it; {@code specs} are the words after its type. */
    void add(String column, String type, List<String> specs) {
        String c = DdlReplay.identifier(column);
        if (columns.containsKey(c)) throw new DdlReplay.Refused("column " + name + "." + c + " already exists");
        List<String> words = specs == null ? List.of() : specs.stream().map(w -> w.toUpperCase(Locale.ROOT)).toList();
        boolean primary = follows(words, "PRIMARY", "KEY");
        boolean notNull = follows(words, "NOT", "NULL") || primary || SqlTypes.isSerial(type);
        columns.put(c, new Catalog.ColumnDef(c, SqlTypes.canonical(type), notNull));
        if (primary || words.contains("UNIQUE")) addKey(List.of(c));
    }

    /** Drops a column, and with it every key it is part of (as PostgreSQL drops their indexes). */
    void drop(String column) {
        String c = existing(column);
        columns.remove(c);
        keys.removeIf(k -> k.contains(c));
    }

    void rename(String from, String to) {
        String f = existing(from);
        String t = DdlReplay.identifier(to);
        if (columns.containsKey(t)) throw new DdlReplay.Refused("column " + name + "." + t + " already exists");
        Map<String, Catalog.ColumnDef> renamed = new LinkedHashMap<>();
        columns.forEach((k, v) -> renamed.put(k.equals(f) ? t : k, k.equals(f) ? new Catalog.ColumnDef(t, v.type(), v.notNull()) : v));
        columns.clear();
        columns.putAll(renamed);
        keys.replaceAll(k -> k.stream().map(x -> x.equals(f) ? t : x).toList());
    }

    void retype(String column, String type) {
        String c = existing(column);
        columns.put(c, new Catalog.ColumnDef(c, SqlTypes.canonical(type), columns.get(c).notNull()));
    }

    void notNull(String column, boolean notNull) {
        String c = existing(column);
        columns.put(c, new Catalog.ColumnDef(c, columns.get(c).type(), notNull));
    }

    /** A primary key's columns are NOT NULL too. */
    void key(List<String> written, boolean primary) {
        List<String> key = new ArrayList<>();
        for (String w : written) key.add(existing(w));
        if (primary) for (String c : key) notNull(c, true);
        addKey(List.copyOf(key));
    }

    private void addKey(List<String> key) {
        if (!keys.contains(key)) keys.add(key);
    }

    Catalog.TableDef definition() {
        return new Catalog.TableDef(name, Collections.unmodifiableMap(new LinkedHashMap<>(columns)), List.copyOf(keys));
    }

    private String existing(String column) {
        String c = DdlReplay.identifier(column);
        if (!columns.containsKey(c)) throw new DdlReplay.Refused("no column " + name + "." + c);
        return c;
    }

    private static boolean follows(List<String> words, String first, String second) {
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals(first) && words.get(i + 1).equals(second)) return true;
        }
        return false;
    }
}
