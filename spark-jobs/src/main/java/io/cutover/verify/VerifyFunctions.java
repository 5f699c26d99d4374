package io.cutover.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cutover.mapping.Base36;
import io.cutover.mapping.Fullname;
import io.cutover.mapping.PlainText;
import io.cutover.mapping.RedditPickle;
import java.sql.Timestamp;
import java.text.Normalizer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;

/** The functions mapping expressions may call, backed by the same Java the demo world and the rewriter use. */
final class VerifyFunctions {
    private static final ObjectMapper SORTED = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private VerifyFunctions() {}

    static void register(SparkSession spark) {
        spark.udf().register("cutover_nfc", (UDF1<String, String>) s -> s == null ? null : Normalizer.normalize(s, Normalizer.Form.NFC),
                DataTypes.StringType);
        spark.udf().register("cutover_json", (UDF1<String, String>) VerifyFunctions::canonicalJson, DataTypes.StringType);
        spark.udf().register("cutover_pickle_datetime",
                (UDF1<String, Timestamp>) s -> s == null ? null : Timestamp.from(RedditPickle.decodeDatetime(s)), DataTypes.TimestampType);
        spark.udf().register("cutover_base36", (UDF1<String, Long>) s -> s == null ? null : Base36.tryDecode(s).orElse(null),
                DataTypes.LongType);
        spark.udf().register("cutover_fullname_id", (UDF2<String, Integer, Long>) VerifyFunctions::fullnameId, DataTypes.LongType);
        spark.udf().register("cutover_base36_encode", (UDF1<Long, String>) VerifyFunctions::base36, DataTypes.StringType);
        spark.udf().register("cutover_fullname", (UDF2<Long, Integer, String>) VerifyFunctions::fullname, DataTypes.StringType);
        spark.udf().register("plain_text_from_markdown", (UDF1<String, String>) PlainText::fromMarkdown, DataTypes.StringType);
        spark.udf().register("plain_text_from_article", (UDF1<String, String>) PlainText::fromArticle, DataTypes.StringType);
    }

    /** The id of a fullname of the given type; NULL for anything else, so a stray type shows as a difference. */
    static Long fullnameId(String fullname, Integer type) {
        if (fullname == null || type == null) return null;
        try {
            Fullname f = Fullname.parse(fullname);
            return f.typeNumber() == type ? f.id() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An id's base36 text; NULL for a negative id (no Reddit id is one), so it shows as a difference. */
    static String base36(Long id) {
        return id == null || id < 0 ? null : Base36.encode(id);
    }

    /** The fullname of a thing of the given type; NULL for a negative id. */
    static String fullname(Long id, Integer type) {
        return id == null || type == null || id < 0 ? null : Fullname.encode(type, id);
    }

    static String canonicalJson(String json) {
        if (json == null) return null;
        try {
            return SORTED.writeValueAsString(SORTED.treeToValue(SORTED.readTree(json), Object.class));
        } catch (java.io.IOException e) {
            return json; // not JSON: compared as text, so the difference still shows
        }
    }
}
