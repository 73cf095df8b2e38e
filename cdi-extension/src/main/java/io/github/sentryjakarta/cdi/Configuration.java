package io.github.sentryjakarta.cdi;

import io.github.sentryjakarta.config.SentryConfig;
import io.github.sentryjakarta.integration.InvalidOptionException;
import io.github.sentryjakarta.integration.SentryOptions;
import java.lang.System.Logger.Level;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads the options from MicroProfile Config for the CDI integration. Without a MicroProfile Config
 * implementation the library cannot be configured and stays off (one warning).
 */
final class Configuration {

    private static final System.Logger LOG = System.getLogger(Configuration.class.getName());

    private Configuration() {
    }

    /**
     * @param base what the keys do not cover (sampler, hook, thread factory)
     * @return the validated options
     * @throws InvalidOptionException if a value is invalid
     */
    static SentryOptions load(SentryOptions.Builder base) {
        Config config = config();
        return config == null ? base.enabled(false).build() : SentryConfig.load(config, base);
    }

    private static Config config() {
        try {
            return ConfigProvider.getConfig();
        } catch (LinkageError | RuntimeException e) {
            LOG.log(Level.WARNING, "sentry-jakarta is disabled: no MicroProfile Config implementation is available ({0})",
                    String.valueOf(e));
            return null;
        }
    }
}
