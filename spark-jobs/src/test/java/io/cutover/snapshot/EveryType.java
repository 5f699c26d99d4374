package io.cutover.snapshot;

/** One table with every type the snapshot must keep exactly, and rows at their edges. */
final class EveryType {
    private EveryType() {}

    static final String TABLE = """
            CREATE TABLE every_type (
                id bigint PRIMARY KEY,
                n numeric, n_fixed numeric(50,2), small smallint, i integer, f4 real, f8 double precision,
                b boolean, ts timestamptz, ts_local timestamp, d date, j jsonb, u uuid, ip inet, cidr_net cidr,
                iv interval, int_arr integer[], text_arr text[], num_arr numeric[], ts_arr timestamptz[],
                by bytea, t text, c char(5), v varchar(10), m money, tm time, js json
            )""";

    static final String ROWS = """
            INSERT INTO every_type VALUES
            (1, 123456789012345678901234567890.123456789012345678901234567890,
             123456789012345678901234567890123456789012345678.99, -32768, 2147483647, 3.4028235e38, 1.7976931348623157e308,
             true, 'infinity', '-infinity', 'infinity', '{"a": [1, 2.50, "x"], "b": null, "c": 1e400}',
             'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '192.168.0.1/24', '10.0.0.0/8',
             '1 year 2 mons 3 days 04:05:06.789', '{1,NULL,3}', '{"a,b","c\\"d",NULL,""}', '{{1.5,NaN},{3,4}}',
             '{"2020-01-01 00:00:00+00",infinity}', '\\x00ff10', E'h\\u00e9llo w\\u00f6rld \\U0001F389 \\t tab \\n newline \\\\ backslash',
             'ab', 'xyz', 12.34, '23:59:59.999999', '{"k":  "spaces kept"}'),
            (2, 'NaN', 'NaN', 32767, -2147483648, 'NaN', 'NaN', false, '-infinity', 'infinity', '-infinity',
             '[]', '00000000-0000-0000-0000-000000000000', '::1', '2001:db8::/32', '-178000000 years', '{}', '{}', '{}', '{}',
             '\\x', '', '     ', '', -92233720368547758.08, '00:00', 'null'),
            (3, -0.000000000000000000000000000001, 0.01, 0, 0, '-Infinity', '-0', true,
             '0044-03-15 12:00:00.123456+00 BC', '4713-01-01 00:00:00 BC', '4713-11-24 BC', '{"deep": {"x": [[]]}}',
             'ffffffff-ffff-ffff-ffff-ffffffffffff', '255.255.255.255', '0.0.0.0/0', '-1 days +00:00:00.000001',
             '{{1,2},{3,4}}', '{"\\\\"}', '{1e-20}', '{NULL}', '\\xdeadbeef', 'Ω≈ç√∫˜µ≤≥÷ 中文 עברית', 'x', 'y', 0, '12:00', '[1,2]'),
            (4, 1e-300, -1, 1, 1, 1.17549435e-38, 4.9e-324, false, '294246-12-31 23:59:59.999999+00', '2000-02-29 12:34:56.5',
             '5874897-12-31', '1', '12345678-1234-1234-1234-123456789012', '10.1.2.3', '10.1.2.0/24', '0', '{0}', '{"NULL"}',
             '{-0.0}', '{"1970-01-01 00:00:00.000001+00"}', '\\x00', 'NULL', 'NULL', 'NULL', 0.01, '00:00:00.000001', '"s"'),
            (5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
            """;
}
