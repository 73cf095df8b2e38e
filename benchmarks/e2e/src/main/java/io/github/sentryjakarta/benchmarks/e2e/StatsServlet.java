package io.github.sentryjakarta.benchmarks.e2e;

import io.github.sentryjakarta.benchmarks.e2e.app.OrderResource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * The benchmark WAR's answer to the driver's {@code stats} question, as {@link LoadApp} gives it on the Grizzly
 * target: {@code GET /benchmark-stats} returns the orders served and the CPU nanoseconds per
 * {@link ThreadCpu.Group} of the server's JVM since deployment. A servlet rather than a JAX-RS resource so that
 * the library, which instruments JAX-RS, creates no span for it: the driver's accounting stays six spans per order.
 */
@WebServlet(urlPatterns = "/benchmark-stats", loadOnStartup = 1)
public final class StatsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private transient Map<Long, long[]> start;

    @Override
    public void init() {
        start = ThreadCpu.snapshot();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().print(ThreadCpu.report(OrderResource.SERVED.sum(), start));
    }
}
