package io.github.sentryjakarta.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A PKCS12 key store holding a fresh self-signed certificate for 127.0.0.1, made by the JDK's own
 * {@code keytool}: the key of a local HTTPS endpoint, and, given to a JVM as its trust store, what makes that
 * JVM trust the endpoint as a private CA would (self-hosted Sentry behind one).
 *
 * @param path the key store file
 */
public record SelfSignedKeyStore(Path path) {

    /** The key store's password, which is also the key's. */
    public static final String PASSWORD = "changeit";

    private static SelfSignedKeyStore trusted;

    /**
     * The key store this JVM trusts, made once and set as its default trust store
     * ({@code javax.net.ssl.trustStore}): the JDK reads those properties only when it makes the default TLS
     * context, so every endpoint of one JVM must present this one's certificate.
     *
     * @return the key store, the same for every call
     */
    public static synchronized SelfSignedKeyStore trustedByThisJvm() throws IOException, InterruptedException {
        if (trusted == null) {
            Path dir = Files.createTempDirectory("sentry-jakarta-tls");
            trusted = create(dir);
            trusted.path().toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            System.setProperty("javax.net.ssl.trustStore", trusted.path().toString());
            System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
            System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        }
        return trusted;
    }

    /**
     * @param dir where the key store file goes
     * @return the new key store
     */
    public static SelfSignedKeyStore create(Path dir) throws IOException, InterruptedException {
        Path store = dir.resolve("endpoint.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "endpoint", "-keyalg", "EC", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(OutputStream.nullOutputStream());
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0 || !Files.exists(store)) {
            throw new IOException("keytool made no key store at " + store);
        }
        return new SelfSignedKeyStore(store);
    }

    /** @return a server-side TLS context presenting the certificate */
    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }
}
