package io.cutover.watch;

import java.util.List;

/** Every watched table's verdict; quiet only when every table is quiet and none is unknown. */
public record WatchReport(java.time.Duration window, List<TableWrites> tables) {
    public boolean quiet() {
        return tables.stream().allMatch(TableWrites::quiet);
    }

    public List<TableWrites> written() {
        return tables.stream().filter(t -> !t.quiet()).toList();
    }

    public boolean unknown() {
        return tables.stream().anyMatch(t -> t.unknown() != null);
    }
}
