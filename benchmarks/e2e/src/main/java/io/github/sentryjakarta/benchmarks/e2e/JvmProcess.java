package io.github.sentryjakarta.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM (the application or the receiver) driven by one-line commands on its stdin, answering with
 * lines on its stdout that start with a known word; other output (logs) goes to a file.
 */
final class JvmProcess implements AutoCloseable {

    private final Process process;
    private final PrintWriter in;
    private final BufferedReader out;
    private final String name;

    JvmProcess(String name, String classpath, List<String> jvmOptions, String mainClass, Path log) throws IOException {
        this.name = name;
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        this.process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** @return the next output line starting with {@code word}, without it; fails if the process ends first */
    String await(String word) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(word + " ") || line.equals(word)) {
                return line.substring(word.length()).trim();
            }
        }
        throw new IOException(name + " ended before answering " + word + " (see its log)");
    }

    /** Sends a command and waits for the answer line starting with {@code word}. */
    String ask(String command, String word) throws IOException {
        in.println(command);
        return await(word);
    }

    void send(String command) {
        in.println(command);
    }

    @Override
    public void close() throws InterruptedException {
        in.close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
