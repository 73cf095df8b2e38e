package io.github.sentryjakarta.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "jdbc:postgresql://db.example:5433/shop?user=u&password=secret | postgresql | shop | db.example | 5433",
            "jdbc:postgresql://db1,db2:5432/shop | postgresql | shop | db1 | 0",
            "jdbc:mysql://u:secret@[::1]:3306/shop | mysql | shop | ::1 | 3306",
            "jdbc:mariadb://maria/shop | mariadb | shop | maria | 0",
            "jdbc:sqlserver://sql\\inst:1433;databaseName=shop;password=secret | microsoft.sql_server | shop | sql | 1433",
            "jdbc:oracle:thin:@ora:1521:ORCL | oracle.db | ORCL | ora | 1521",
            "jdbc:oracle:thin:@//ora:1521/svc | oracle.db | svc | ora | 1521",
            "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=x))) | oracle.db | - | - | 0",
            "jdbc:db2://db2host:50000/SAMPLE | ibm.db2 | SAMPLE | db2host | 50000",
            "jdbc:h2:mem:test;DB_CLOSE_DELAY=-1 | h2database | test | - | 0",
            "jdbc:h2:mem: | h2database | - | - | 0",
            "jdbc:h2:~/data/shop | h2database | shop | - | 0",
            "jdbc:h2:file:/var/db/shop;AUTO_SERVER=TRUE | h2database | shop | - | 0",
            "jdbc:h2:tcp://dbhost:9092/~/shop | h2database | shop | dbhost | 9092",
            "jdbc:hsqldb:mem:shop | hsqldb | shop | - | 0",
            "jdbc:hsqldb:hsql://localhost:9001/shop | hsqldb | shop | localhost | 9001",
            "jdbc:derby:memory:shop;create=true | derby | shop | - | 0",
            "jdbc:derby://dhost:1527/shop;create=true | derby | shop | dhost | 1527",
            "jdbc:sqlite:/tmp/app.db | sqlite | /tmp/app.db | - | 0",
            "jdbc:unknown:whatever | other_sql | whatever | - | 0",
            "not a url | other_sql | - | - | 0",
    })
    void readsSystemNamespaceAndServerButNoCredentials(String url, String system, String namespace, String address,
            int port) {
        Database database = Database.fromUrl(url);
        assertThat(database).isEqualTo(new Database(system, namespace, address, port));
        assertThat(database.toString()).doesNotContain("secret");
    }
}
