/*
 * caselink local Neo4j: an embedded Neo4j 5.26 LTS DBMS with its Bolt connector,
 * so that clients (the Python `neo4j` driver) talk to it exactly as to a server.
 *
 * Started by deploy/local/services.sh (compiled there with javac against
 * var/cache/neo4j/*). Everything is configured through environment variables:
 *
 *   CASELINK_NEO4J_HOME       home directory; the store goes to $HOME/data  (required)
 *   CASELINK_NEO4J_LOGS       directory of debug.log etc.       (default $HOME/logs)
 *   CASELINK_NEO4J_HOST       Bolt listen host                  (default 127.0.0.1)
 *   CASELINK_NEO4J_PORT       Bolt listen port                  (default 7687)
 *   CASELINK_NEO4J_AUTH       "true" or "false"                 (default true)
 *   CASELINK_NEO4J_PASSWORD   password of user neo4j            (default caselink-dev)
 *   CASELINK_NEO4J_PAGECACHE  page cache size, e.g. 256m, 1g    (default 256m)
 *
 * With auth on, the password of the built-in user `neo4j` is set (and its
 * "change required" flag cleared) through the system database whenever it differs
 * from the one recorded (as a SHA-256) in $HOME/.caselink-password.sha256, so the
 * env var is the password in force. Delete that file to force a reset (e.g. after
 * changing the password by hand with Cypher).
 *
 * Prints one line "CASELINK_NEO4J_READY bolt://host:port" once the default
 * database is available; shuts the DBMS down cleanly on SIGTERM/SIGINT.
 */

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;

public final class Launcher {

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** "256m", "1g", "512k" or a plain number of bytes. */
    private static long parseBytes(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        char last = t.charAt(t.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t) * unit;
    }

    private static String sha256(String text) throws NoSuchAlgorithmException {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash);
    }

    /**
     * Make {@code password} the password of the built-in user neo4j, with no change required.
     * Embedded code runs with full rights, so it may administer users on the system database.
     */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (QueryExecutionException e) {
            // Neo4j refuses to "change" a password to the one already in force: that is fine,
            // only make sure no password change is pending.
            String message = String.valueOf(e.getMessage());
            if (!message.contains("cannot be the same")) {
                throw e;
            }
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
        }
    }

    public static void main(String[] args) throws Exception {
        String homeText = env("CASELINK_NEO4J_HOME", null);
        if (homeText == null) {
            System.err.println("CASELINK_NEO4J_HOME is not set");
            System.exit(2);
        }
        Path home = Path.of(homeText).toAbsolutePath();
        Path logs = Path.of(env("CASELINK_NEO4J_LOGS", home.resolve("logs").toString())).toAbsolutePath();
        String host = env("CASELINK_NEO4J_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("CASELINK_NEO4J_PORT", "7687"));
        boolean auth = Boolean.parseBoolean(env("CASELINK_NEO4J_AUTH", "true"));
        String password = env("CASELINK_NEO4J_PASSWORD", "caselink-dev");
        long pageCache = parseBytes(env("CASELINK_NEO4J_PAGECACHE", "256m"));

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(GraphDatabaseSettings.logs_directory, logs)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                // a local dev server: do not wait 2 x 5 s for Bolt connections to drain on shutdown
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .build();

        // SIGTERM / SIGINT: close the DBMS (flushes the store, closes Bolt), then let main return.
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("caselink-neo4j: shutting down");
            try {
                dbms.shutdown();
            } finally {
                System.out.println("caselink-neo4j: stopped");
                stopped.countDown();
            }
        }, "caselink-neo4j-shutdown"));

        try {
            if (auth) {
                // Setting the password runs a Cypher administration command, whose first compilation
                // costs seconds on a cold JVM: skip it when this very password was set before.
                Path stamp = home.resolve(".caselink-password.sha256");
                String digest = sha256(password);
                if (!Files.exists(stamp) || !Files.readString(stamp).trim().equals(digest)) {
                    setPassword(dbms, password);
                    Files.writeString(stamp, digest + "\n");
                }
            }

            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!db.isAvailable(TimeUnit.MINUTES.toMillis(2))) {
                System.err.println("caselink-neo4j: default database did not become available");
                System.exit(1);
            }
            System.out.printf("CASELINK_NEO4J_READY bolt://%s:%d (auth %s)%n", host, port, auth ? "on" : "off");
            System.out.flush();
        } catch (Throwable t) {
            // e.g. a password shorter than 8 characters: exit now (the hook shuts the DBMS down)
            // rather than leave a server that never becomes ready
            System.err.println("caselink-neo4j: startup failed");
            t.printStackTrace();
            System.exit(1);
        }

        stopped.await();
    }
}
