package io.github.sentryjakarta.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SqlNormalizerTest {

    private static String text(String sql) {
        return SqlNormalizer.normalize(sql).text();
    }

    @Test
    void stringLiteralsNeverLeak() {
        assertThat(text("SELECT * FROM payments WHERE card = '4111111111111111' AND name = 'O''Brien'"))
                .isEqualTo("SELECT * FROM payments WHERE card = ? AND name = ?");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "SELECT a FROM t WHERE id = 42 | SELECT a FROM t WHERE id = ?",
            "SELECT a FROM t WHERE x = 3.14e-2 AND y = .5 AND z = 0xFF | SELECT a FROM t WHERE x = ? AND y = ? AND z = ?",
            "SELECT t1.col2 FROM t1 WHERE t1.c3 = 7 | SELECT t1.col2 FROM t1 WHERE t1.c3 = ?",
            "UPDATE t SET flag = TRUE, other = false WHERE id = ? | UPDATE t SET flag = ?, other = ? WHERE id = ?",
            "SELECT * FROM t WHERE a = N'x' OR b = E'y\\n' OR c = X'0A' OR d = U&'z' | SELECT * FROM t WHERE a = ? OR b = ? OR c = ? OR d = ?",
            "SELECT $1, $tag$secret$tag$, $$other$$ FROM t | SELECT $1, ?, ? FROM t",
            "SELECT * FROM t WHERE a = :name AND b = :2 | SELECT * FROM t WHERE a = :name AND b = :2",
            "SELECT * FROM t WHERE id IN (1, 2, 3) | SELECT * FROM t WHERE id IN (?)",
            "SELECT * FROM t WHERE id IN (?,?,?) AND x in ( ? ) | SELECT * FROM t WHERE id IN (?) AND x in (?)",
            "SELECT * FROM t WHERE id IN (SELECT id FROM u) | SELECT * FROM t WHERE id IN (SELECT id FROM u)",
            "SELECT \"Quoted 1\" FROM \"Tab 2\" | SELECT \"Quoted 1\" FROM \"Tab 2\"",
            "SELECT [col 1] FROM [dbo].[t] | SELECT [col 1] FROM [dbo].[t]",
            "SELECT ARRAY[1, 2] | SELECT ARRAY[?, ?]",
            "SELECT 1 -- the card 4111\\nFROM dual | SELECT ? FROM dual",
            "/* user 'bob' */ SELECT   a\\n\\tFROM t ;  | SELECT a FROM t",
            "INSERT INTO t (a, b) VALUES (10, 'x') | INSERT INTO t (a, b) VALUES (?, ?)",
            "SELECT 'unterminated | SELECT ?",
            "SELECT a FROM t WHERE b = 'C:\\\\' AND c = 'x' | SELECT a FROM t WHERE b = ? AND c = ?",
            "SELECT 5L, 2.5D FROM t | SELECT ?, ? FROM t",
    })
    void replacesLiteralsKeepsNamesAndPlaceholders(String sql, String expected) {
        assertThat(text(sql.replace("\\n", "\n").replace("\\t", "\t"))).isEqualTo(expected);
    }

    @Test
    void aQuoteAfterABackslashHidesTheRestOfTheText() {
        // MySQL reads 'it\'s' as one literal, standard SQL as 'it\' followed by s' ...: each reading would reveal
        // a different part of what follows, so none of it is shown
        assertThat(text("SELECT * FROM t WHERE a = 'it\\'s' AND b = 'secret'")).isEqualTo("SELECT * FROM t WHERE a = ?");
        assertThat(text("SELECT * FROM t WHERE a = 'x\\' AND b = 'secret' AND c = 'y'"))
                .isEqualTo("SELECT * FROM t WHERE a = ?");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', nullValues = "-", value = {
            "select o1_0.id,o1_0.customer from orders o1_0 where o1_0.id=? | SELECT | orders",
            "SELECT * FROM orders o JOIN lines l ON l.order_id = o.id | SELECT | -",
            "SELECT * FROM a, b WHERE a.id = b.id | SELECT | -",
            "SELECT * FROM a WHERE x IN (SELECT y FROM b) ORDER BY p, q | SELECT | a",
            "SELECT * FROM (SELECT * FROM a) s | SELECT | -",
            "SELECT 1 UNION SELECT 2 FROM b | SELECT | -",
            "insert into shop.orders (id) values (?) | INSERT | shop.orders",
            "UPDATE \"Orders\" SET a = ? | UPDATE | \"Orders\"",
            "delete from lines where id = ? | DELETE | lines",
            "MERGE INTO stock USING x ON (a) | MERGE | stock",
            "CREATE TABLE t (id INT) | CREATE | -",
            "(SELECT a FROM t) | SELECT | t",
            "VALUES 1 | VALUES | -",
            "? | - | -",
    })
    void readsOperationAndSingleCollection(String sql, String operation, String collection) {
        SqlStatement statement = SqlNormalizer.normalize(sql);
        assertThat(statement.operation()).isEqualTo(operation);
        assertThat(statement.collection()).isEqualTo(collection);
    }

    @Test
    void callsNameTheirProcedure() {
        assertThat(SqlNormalizer.normalize("{call add_order(?, 5)}"))
                .isEqualTo(new SqlStatement("{call add_order(?, ?)}", "CALL", null, "add_order"));
        assertThat(SqlNormalizer.normalize("{? = call next_id()}").procedure()).isEqualTo("next_id");
        assertThat(SqlNormalizer.normalize("CALL ABS(-3)").procedure()).isEqualTo("ABS");
    }

    @Test
    void cacheReturnsTheSameStatementForEqualTexts() {
        SqlCache cache = new SqlCache();
        SqlStatement first = cache.get("SELECT * FROM t WHERE id = 1");
        assertThat(cache.get(new String("SELECT * FROM t WHERE id = 1"))).isSameAs(first);
        assertThat(cache.get("SELECT * FROM t WHERE id = 2").text()).isEqualTo(first.text());
    }

    @Test
    void cacheNormalizesTextsTooLongToKeepWithoutKeepingThem() {
        SqlCache cache = new SqlCache();
        String huge = "SELECT * FROM t WHERE id IN (" + "1, ".repeat(SqlCache.MAX_CACHED_LENGTH) + "1)";
        SqlStatement statement = cache.get(huge);
        assertThat(statement.text()).isEqualTo("SELECT * FROM t WHERE id IN (?)");
        assertThat(cache.get(huge)).isNotSameAs(statement).isEqualTo(statement);
    }
}
